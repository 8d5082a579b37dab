// Examples for the Samples menu: one for each input kind and the common mistakes of RULES.md.
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

const json = (value) => JSON.stringify(value, null, 2);

export const SAMPLES = [
  {
    id: 'okta-clean',
    title: 'Okta user, ready to provision',
    text: json({
      id: '00u1a2b3c4d5e6f7g8h9',
      status: 'ACTIVE',
      profile: {
        login: 'ana.silva@example.com', firstName: 'Ana', lastName: 'Silva', email: 'ana.silva@example.com',
        title: 'Support Lead', countryCode: 'BR', preferredLanguage: 'pt-BR', officeName: 'São Paulo', licenseType: 'dialpad_support',
      },
    }),
  },
  {
    id: 'okta-mistakes',
    title: 'Okta user with common mistakes',
    text: json({
      profile: {
        login: 'jordan.lee@example.com', firstName: 'Jordan', lastName: 'Lee', email: 'j.lee@example.org',
        countryCode: 'United States', preferredLanguage: 'English', licenseType: 'Dialpad_Talk', officeName: 'new york', primaryPhone: '+1 212 555 0100',
      },
    }),
  },
  {
    id: 'scim-user',
    title: 'SCIM User (RFC 7643), country as alpha-3',
    text: json({
      schemas: [CORE, ENTERPRISE],
      userName: 'bjensen@example.com',
      name: { givenName: 'Barbara', familyName: 'Jensen', formatted: 'Ms. Barbara J Jensen, III' },
      emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
      addresses: [{ type: 'work', locality: 'Hollywood', country: 'USA', primary: true }],
      title: 'Tour Guide',
      preferredLanguage: 'en-US',
      [ENTERPRISE]: { department: 'Tour Operations', licenseType: 'dialpad_talk' },
    }),
  },
  {
    id: 'scim-namespace',
    title: 'SCIM User, custom attributes in the wrong place',
    text: json({
      schemas: [CORE],
      userName: 'sam.okafor@example.com',
      name: { givenName: 'Sam', familyName: 'Okafor' },
      officeName: 'London',
      'urn:okta:dialpad:custom': { licenseType: 'dialpad_sell' },
      [ENTERPRISE]: { department: 'Sales' },
    }),
  },
  {
    id: 'scim-patch-deactivate',
    title: 'SCIM PATCH: app unassigned (deactivate)',
    text: json({ schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] }),
  },
  {
    id: 'scim-patch-license',
    title: 'SCIM PATCH: license and number change',
    text: json({
      schemas: [PATCH],
      Operations: [
        { op: 'replace', path: `${ENTERPRISE}:licenseType`, value: 'dialpad_sell' },
        { op: 'replace', path: 'phoneNumbers[type eq "work"].value', value: '+44 20 7946 0000' },
      ],
    }),
  },
  {
    id: 'app-schema',
    title: 'Okta app user schema (custom attributes)',
    text: json({
      definitions: {
        custom: {
          id: '#custom',
          type: 'object',
          properties: {
            officeName: { title: 'Office name', type: 'string', externalName: 'officeName', externalNamespace: CORE, scope: 'NONE' },
            licenseType: {
              title: 'License type', type: 'string', externalName: 'licenseType', externalNamespace: ENTERPRISE, scope: 'NONE',
              enum: ['dialpad_talk', 'dialpad_support', 'Dialpad_Ai Sales'],
            },
          },
        },
      },
    }),
  },
  {
    id: 'ndjson-batch',
    title: 'Batch (NDJSON) with a duplicate username',
    text: [
      { login: 'mia.wong@example.com', firstName: 'Mia', lastName: 'Wong', countryCode: 'SG', licenseType: 'dialpad_talk' },
      { login: 'leo.martin@example.fr', firstName: 'Léo', lastName: 'Martin', countryCode: 'FR', licenseType: 'dialpad_lite' },
      { login: 'MIA.WONG@example.com', firstName: 'Mia', lastName: 'Wong', countryCode: 'SG' },
    ].map((record) => JSON.stringify(record)).join('\n'),
  },
  {
    id: 'csv-export',
    title: 'Batch (CSV export)',
    text: 'Username,First name,Last name,countryCode,preferredLanguage,licenseType\n'
      + 'noah.berg@example.com,Noah,Berg,DE,de,dialpad_talk\n'
      + 'ella.ruiz@example.com,Ella,Ruiz,Spain,Spanish,dialpad_sell\n',
  },
  {
    id: 'hostile',
    title: 'Values that look like HTML (shown as text)',
    text: json({
      profile: {
        login: 'x@example.com', firstName: '<img src=x onerror="window.__xss=1">', lastName: '<script>window.__xss=1</script>',
        title: 'javascript:window.__xss=1', officeName: '<b onmouseover="window.__xss=1">HQ</b>',
      },
    }),
  },
];

/** Okta users and a mapping with the mistakes admins make, for the Mappings area. */
export const MAPPING_SAMPLES = [
  {
    id: 'mapping-mistakes',
    title: 'A mapping with common mistakes, and four Okta users',
    users: [
      { id: '00u1ana0000000000001', profile: { login: 'ana.silva@example.com', email: 'ana.silva@example.com', firstName: 'Ana', lastName: 'Silva', department: 'Support', city: 'Sao Paulo, SP', countryCode: 'BR' } },
      { id: '00u2ben0000000000002', profile: { login: 'ben.okafor@example.com', email: 'ben.okafor@example.com', firstName: 'Ben', lastName: 'Okafor', department: 'Sales', city: 'London', countryCode: 'GB' } },
      { id: '00u3chloe00000000003', profile: { login: 'chloe.nguyen@example.com', email: 'chloe.nguyen@example.com', firstName: 'Chloé', lastName: 'Nguyen', department: 'Support', city: 'New York, NY', countryCode: 'USA' } },
      { id: '00u4dev0000000000004', profile: { login: 'dev.patel@example.com', email: 'dev.patel@example.com', firstName: 'Dev', lastName: 'Patel', department: 'Engineering', city: 'New York, NY', countryCode: 'US' } },
    ].map((user) => JSON.stringify(user)).join('\n'),
    mapping: json({
      id: 'prm1dialpad0000000000',
      source: { id: 'otysbePhQ3yqt4cVv0g3', name: 'user', type: 'user' },
      target: { id: '0oa1dialpad000000000', name: 'dialpad', type: 'appuser' },
      properties: {
        userName: { expression: 'user.login', pushStatus: 'PUSH' },
        givenName: { expression: 'user.firstName', pushStatus: 'PUSH' },
        familyName: { expression: 'user.lastName', pushStatus: 'PUSH' },
        email: { expression: 'user.email', pushStatus: 'PUSH' },
        countryCode: { expression: 'user.countryCode', pushStatus: 'PUSH' },
        title: { expression: 'String.toUppercase(user.title)', pushStatus: 'PUSH' },
        officeName: { expression: 'String.substringBefore(user.city, ",")', pushStatus: 'DONT_PUSH' },
        licenseType: { expression: 'user.department == "Support" ? "Dialpad_Support (Contact Center)" : "dialpad_talk"', pushStatus: 'PUSH' },
      },
    }),
  },
];
