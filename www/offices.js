// The account's offices: an editable table kept in localStorage, importable from JSON or CSV.
const KEY = 'scim-preflight.offices';

export const EXAMPLE_OFFICES = [
  { name: 'New York', country: 'US', main: true, availableNumbers: 12, availableLicenses: { dialpad_talk: 20, dialpad_support: 5 } },
  { name: 'Tour Operations', country: 'US', availableNumbers: 0, availableLicenses: { dialpad_talk: 2 } },
  { name: 'London', country: 'GB', availableNumbers: 4, availableLicenses: { dialpad_talk: 3, dialpad_sell: 1 } },
  { name: 'São Paulo', country: 'BR', availableNumbers: 2, availableLicenses: { dialpad_support: 0 } },
];

export function loadOffices() {
  const saved = localStorage.getItem(KEY);
  if (saved === null) return structuredClone(EXAMPLE_OFFICES);
  try {
    const offices = JSON.parse(saved);
    return Array.isArray(offices) ? offices : [];
  } catch {
    return [];
  }
}

export function saveOffices(offices) {
  localStorage.setItem(KEY, JSON.stringify(offices));
}

/** "dialpad_talk=3, dialpad_sell=1" <-> { dialpad_talk: 3, dialpad_sell: 1 } */
export function formatLicenses(licenses) {
  return Object.entries(licenses ?? {}).map(([license, count]) => `${license}=${count}`).join(', ');
}

export function parseLicenses(text) {
  const licenses = {};
  for (const part of text.split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const [license, count] = part.split('=').map((piece) => piece.trim());
    const number = Number(count);
    if (!license || !Number.isInteger(number) || number < 0) throw new Error(`"${part}" is not license=count`);
    licenses[license] = number;
  }
  return licenses;
}

/** Offices from an imported file: a JSON array, or CSV with name,country,availableNumbers,main and one column per license. */
export function parseOfficesFile(name, text) {
  if (name.toLowerCase().endsWith('.json') || text.trimStart().startsWith('[')) {
    const offices = JSON.parse(text);
    if (!Array.isArray(offices)) throw new Error('the JSON file must hold an array of offices');
    return offices;
  }
  const [header, ...rows] = text.split(/\r?\n/).filter((line) => line.trim() !== '').map(splitCsvLine);
  if (!header || !header.includes('name')) throw new Error('the CSV file needs a header row with a "name" column');
  return rows.map((cells) => {
    const office = { name: '', availableLicenses: {} };
    header.forEach((column, index) => {
      const cell = (cells[index] ?? '').trim();
      if (cell === '') return;
      if (column === 'name' || column === 'country') office[column] = cell;
      else if (column === 'availableNumbers') office.availableNumbers = Number(cell);
      else if (column === 'main') office.main = /^(true|yes|1)$/i.test(cell);
      else if (column.startsWith('dialpad_')) office.availableLicenses[column] = Number(cell);
    });
    return office;
  });
}

function splitCsvLine(line) {
  const cells = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { cells.push(cell); cell = ''; } else cell += c;
  }
  cells.push(cell);
  return cells;
}

/** Renders the editable table into `tbody`; `onChange(offices)` after every edit. */
export function renderOfficeTable(tbody, offices, onChange) {
  const rows = offices.map((office, index) => {
    const row = document.createElement('tr');
    const cell = (control) => { const td = document.createElement('td'); td.append(control); return td; };
    const input = (label, value, update, attributes = {}) => {
      const element = document.createElement('input');
      element.value = value ?? '';
      element.setAttribute('aria-label', `${label} of office ${index + 1}`);
      Object.assign(element, attributes);
      element.addEventListener('change', () => {
        try {
          update(element.value);
          element.removeAttribute('aria-invalid');
          onChange(offices);
        } catch (error) {
          element.setAttribute('aria-invalid', 'true');
          element.title = error.message;
        }
      });
      return element;
    };
    const main = document.createElement('input');
    main.type = 'radio';
    main.name = 'main-office';
    main.checked = Boolean(office.main);
    main.setAttribute('aria-label', `Main office: office ${index + 1}`);
    main.addEventListener('change', () => { offices.forEach((other, i) => { other.main = i === index; }); onChange(offices); });
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove office ${index + 1}`);
    remove.addEventListener('click', () => { offices.splice(index, 1); onChange(offices); });
    row.append(
      cell(input('Name', office.name, (value) => { office.name = value; })),
      cell(input('Country', office.country, (value) => { office.country = value || undefined; }, { size: 4 })),
      cell(input('Numbers in pool', office.availableNumbers, (value) => { office.availableNumbers = value === '' ? undefined : Number(value); }, { type: 'number', min: 0 })),
      cell(input('Licenses left', formatLicenses(office.availableLicenses), (value) => { office.availableLicenses = parseLicenses(value); })),
      cell(main),
      cell(remove),
    );
    return row;
  });
  tbody.replaceChildren(...rows);
}
