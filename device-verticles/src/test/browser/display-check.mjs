// Drives the room display in headless Chromium for MeetingRoomDisplayBrowserTest: prints one line per
// state it sees (IDLE, MEETING, IDLE-AGAIN) with what is on screen, and keeps a screenshot of each.
import { chromium } from 'playwright-core';

const [url, outDir] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(url);
  await page.waitForSelector('body[data-mode="idle"]', { timeout: 15000 });
  await page.screenshot({ path: `${outDir}/display-idle.png` });
  console.log('IDLE ' + JSON.stringify({ text: await page.textContent('#idle') }));

  await page.waitForSelector('body[data-mode="meeting"]', { timeout: 20000 });
  await page.screenshot({ path: `${outDir}/display-meeting.png` });
  const docs = await page.$$eval('.doc strong', els => els.map(e => e.textContent));
  console.log('MEETING ' + JSON.stringify({ docs, idleVisible: await page.isVisible('#idle'),
    text: await page.textContent('#docs') }));

  await page.waitForSelector('body[data-mode="idle"]', { timeout: 20000 });
  await page.screenshot({ path: `${outDir}/display-idle-again.png` });
  console.log('IDLE-AGAIN ' + JSON.stringify({ text: await page.textContent('#idle') }));
} finally {
  await browser.close();
}
