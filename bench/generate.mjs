// Deterministic test data for the benchmarks: Okta Users API objects as a JSON array, about
// 300 bytes each, 5% with an error a JavaScript check would also catch (a country as "USA",
// a license as a product name, a username that is not an email address).
const FIRST = ['Ana', 'Ben', 'Chloé', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jo', 'Kai', 'Lena', 'Mo', 'Nia', 'Omar', 'Priya'];
const LAST = ['Silva', 'Okafor', 'Nguyen', 'Müller', 'Smith', 'Garcia', 'Kowalski', 'Tanaka', 'Haddad', 'Larsen'];
const PLACES = [['US', 'New York', 'en-US'], ['GB', 'London', 'en-GB'], ['DE', 'Berlin', 'de'], ['BR', 'São Paulo', 'pt-BR'], ['FR', 'Paris', 'fr']];
const LICENSES = ['dialpad_talk', 'dialpad_talk', 'dialpad_talk', 'dialpad_support', 'dialpad_sell', 'dialpad_lite'];

/** A small seeded generator (mulberry32), so every run measures the same records. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateUsers(count, seed = 7) {
  const next = random(seed);
  const pick = (items) => items[Math.floor(next() * items.length)];
  const users = [];
  for (let i = 0; i < count; i += 1) {
    const [country, office, language] = pick(PLACES);
    const first = pick(FIRST);
    const last = pick(LAST);
    const login = `${first.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')}.${last.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '')}${i}@example.com`;
    const profile = { login, firstName: first, lastName: last, email: login, title: 'Account Executive', countryCode: country, preferredLanguage: language, officeName: office, licenseType: pick(LICENSES) };
    if (i % 20 === 10) {
      const mistake = i % 3;
      if (mistake === 0) profile.countryCode = 'USA';
      else if (mistake === 1) profile.licenseType = 'Dialpad_Talk';
      else profile.login = `${first.toLowerCase()}${i}`;
    }
    users.push({ id: `00u${(i * 7919).toString(36).padStart(17, '0')}`, status: 'ACTIVE', created: '2026-01-05T10:00:00.000Z', profile });
  }
  return users;
}

export const generateBatchText = (count) => JSON.stringify(generateUsers(count));
