// Drives the host console in headless Chromium for ConsoleBrowserE2ETest. Prints one line per step, "STEP <name>
// <json>", and "WAIT <what>" when the building must act (the test answers "GO" on stdin); a screenshot of each screen
// goes to <shots>/<screen>.png. Any failure prints "FAIL <message>" and exits 1.
import { chromium } from 'playwright-core';
import readline from 'node:readline';

const [base, shots] = process.argv.slice(2);
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const step = (name, data = {}) => console.log(`STEP ${name} ${JSON.stringify(data)}`);
async function wait(what) {
  console.log(`WAIT ${what}`);
  const { value } = await lines.next();
  if (value !== 'GO') throw new Error(`the test answered '${value}' to ${what}`);
}
const T = { timeout: 20000 };
/** What the pages said, printed when a step fails. */
const logs = [];
function watch(page, who) {
  page.on('console', m => logs.push(`${who} console.${m.type()}: ${m.text()}`));
  page.on('pageerror', e => logs.push(`${who} page error: ${e.message}`));
  return page;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});

async function signIn(page, username, password) {
  await page.goto(`${base}/console/`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', password);
  await page.keyboard.press('Enter');
}

try {
  // A tablet-sized window; every action below is a keyboard press or a click a finger could make.
  const alice = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = watch(await alice.newPage(), 'alice');
  const cspErrors = [];
  page.on('console', m => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
  });

  // Wrong passwords are refused, then throttled even for the right one.
  await page.goto(`${base}/console/`);
  await page.waitForSelector('form.signin', T);
  await page.screenshot({ path: `${shots}/signin.png` });
  const refusals = [];
  for (let i = 0; i < 4; i++) {
    await signIn(page, 'eve', i < 3 ? 'not-her-password' : 'eve-password-1');
    await page.waitForSelector('form.signin .form-error:not(:empty)', T);
    refusals.push(await page.textContent('form.signin .form-error'));
  }
  step('throttled', { refusals });

  // Alice signs in and books from a template through the calendar.
  await signIn(page, 'alice', 'alice-password-1');
  await page.waitForSelector('.week .head', T);
  await page.screenshot({ path: `${shots}/calendar.png`, fullPage: false });
  if (!(await page.$('.week button.slot'))) {
    await page.click('text=Next week →');
    await page.waitForSelector('.week button.slot', T);
  }
  const slot = await page.getAttribute('.week button.slot', 'aria-label');
  await page.focus('.week button.slot');
  await page.keyboard.press('Enter');
  await page.waitForSelector('form[aria-label="Book a meeting"]', T);
  await page.selectOption('select[name="template"]', { label: 'Meeting with documents' });
  const title = await page.inputValue('input[name="title"]');
  const minutes = await page.inputValue('input[name="minutes"]');
  await page.fill('input[name="participantSearch"]', 'bo');
  await page.waitForSelector('.results button', T);
  await page.keyboard.press('Enter');
  await page.setInputFiles('input[name="documents"]', { name: 'agenda.md', mimeType: 'text/markdown',
    buffer: Buffer.from('# Budget review\n') });
  await page.fill('textarea[name="guests"]', 'David');
  await page.screenshot({ path: `${shots}/booking.png`, fullPage: true });
  // An error from the API lands next to its field: the title may not be longer than 200 characters.
  await page.fill('input[name="title"]', 'x'.repeat(201));
  await page.click('form[aria-label="Book a meeting"] button[type="submit"]');
  await page.waitForSelector('[data-field="title"] .error:not(:empty)', T);
  const titleError = await page.textContent('[data-field="title"] .error');
  await page.fill('input[name="title"]', title);
  await page.click('form[aria-label="Book a meeting"] button[type="submit"]');
  await page.waitForSelector('#toast:has-text("Booked")', T);
  step('booked', { slot, title, minutes, titleError });

  // The live board: a visit plays in the building and its statuses arrive without a reload.
  await page.goto(`${base}/console/#/board`);
  await page.waitForSelector('.live.on', T);
  await page.evaluate(() => { window.notReloaded = true; });
  await wait('bob');
  await page.waitForSelector('article.visit .journey .badge:has-text("PRESENTED")', T);
  const bobCard = await page.textContent('article.visit:has(.journey)');
  step('board', { notReloaded: await page.evaluate(() => window.notReloaded === true), bobCard });
  await page.screenshot({ path: `${shots}/board.png`, fullPage: true });

  // David has no tag: his visit waits at the entrance, and Alice admits him as the guest she expected.
  await wait('david');
  await page.waitForSelector('article.visit.pending button:has-text("Admit")', T);
  await page.click('article.visit.pending button:has-text("Admit")');
  await page.waitForSelector('form[aria-label^="Admit"] select[name="who"] option:has-text("David (guest)")',
    { ...T, state: 'attached' });
  await page.selectOption('form[aria-label^="Admit"] select[name="who"]', { label: 'David (guest)' });
  await page.screenshot({ path: `${shots}/admit.png`, fullPage: true });
  await page.click('form[aria-label^="Admit"] button[type="submit"]');
  await page.waitForSelector('article.visit .journey:has-text("David (guest)")', T);
  step('admitted', { notReloaded: await page.evaluate(() => window.notReloaded === true) });

  // Carol, another host, sees Alice's booking only as busy and cannot read or change it, in the UI or by hand.
  const carol = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage(), 'carol');
  await signIn(carol, 'carol', 'carol-password-1');
  await carol.waitForSelector('.week', T);
  console.log('ASK alice-event');
  const id = Number((await lines.next()).value);
  const byHand = await carol.evaluate(async eventId => {
    const csrf = (await (await fetch('/api/session')).json()).csrfToken;
    const headers = { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf };
    const read = await fetch(`/api/events/${eventId}`);
    const change = await fetch(`/api/events/${eventId}`, { method: 'PUT', headers,
      body: JSON.stringify({ title: 'Mine now', roomId: 1, start: '2030-01-01T09:00:00Z',
        end: '2030-01-01T10:00:00Z' }) });
    const remove = await fetch(`/api/events/${eventId}`, { method: 'DELETE', headers });
    const docs = await fetch(`/api/events/${eventId}/documents`);
    const list = await (await fetch('/api/events')).json();
    return { read: read.status, change: change.status, remove: remove.status, docs: docs.status,
      listed: list.items.map(e => e.id) };
  }, id);
  const busyTitles = await carol.$$eval('.slot.busy', els => els.map(e => e.textContent).filter(Boolean));
  step('isolated', { ...byHand, busyTitles });

  // The administrator: people and tags (a tag registered by typing its id, listed by label), and the admin screens.
  const admin = watch(await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage(), 'root');
  await signIn(admin, 'root', 'root-password-1');
  await admin.waitForSelector('nav a[href="#/people"]', T);
  await admin.click('nav a[href="#/people"]');
  await admin.waitForSelector('form[aria-label="Register a tag"]', T);
  await admin.selectOption('form[aria-label="Register a tag"] select[name="personId"]', { label: 'Carl' });
  await admin.fill('input[name="tagId"]', 'AA:BB:CC:00:00:42');
  await admin.fill('form[aria-label="Register a tag"] input[name="label"]', 'spare badge');
  await admin.click('form[aria-label="Register a tag"] button[type="submit"]');
  await admin.waitForSelector('tr:has-text("Carl") .chip:has-text("spare badge")', T);
  const peopleText = await admin.textContent('main');
  await admin.screenshot({ path: `${shots}/people.png`, fullPage: true });
  await admin.click('nav a[href="#/admin"]');
  await admin.waitForSelector('section[aria-label="Console accounts"] td:has-text("alice")', T);
  await admin.screenshot({ path: `${shots}/admin.png`, fullPage: true });
  step('admin', { rawIdShown: peopleText.includes('AA:BB:CC:00:00:42'), spare: peopleText.includes('spare badge') });
  step('console-errors', { errors: cspErrors });
  step('done');
} catch (e) {
  logs.forEach(l => console.log(`LOG ${l}`));
  console.log(`FAIL ${e.message.split("\n").slice(0, 3).join(" | ")}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
