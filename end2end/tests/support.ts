import { expect, Browser, Page } from '@playwright/test';
import * as fs from 'fs';
import * as zlib from 'zlib';

// Demo log-ins created by `seed-demo` (development and test databases only).
export const ARTIST = { email: 'haneul@demo.artipul.kr', password: 'artipul-demo-2026', nickname: '하늘물감' };
export const BUYER = { email: 'buyer@demo.artipul.kr', password: 'artipul-demo-2026', nickname: '데모컬렉터' };

/** The development SMS sink of the server under test (set by playwright.config.ts). */
export const smsFile = () => process.env.E2E_SMS_FILE as string;
/** The development e-mail sink of the server under test (set by playwright.config.ts). */
export const emailFile = () => process.env.E2E_EMAIL_FILE as string;

/** The messages one of the server's development sinks holds for `to` (an E.164 phone or an e-mail), oldest first. */
export function sentTo(to: string, sink: () => string = smsFile): { to: string; text: string }[] {
  if (!fs.existsSync(sink())) return [];
  return fs
    .readFileSync(sink(), 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line)] : [];
      } catch {
        return []; // a line still being written
      }
    })
    .filter((m) => m.to === to);
}

/**
 * The code in the newest message sent to `to`, read from one of the server's development sinks, once
 * more than `seen` messages have gone to `to` (pass `sentTo(to).length` from before the send, so an
 * earlier code to the same recipient is never taken for the new one).
 */
export async function codeFor(to: string, sink: () => string = smsFile, seen = 0): Promise<string> {
  let code = '';
  await expect
    .poll(() => {
      const messages = sentTo(to, sink);
      const last = messages.length > seen ? messages[messages.length - 1] : undefined;
      code = last ? (last.text.match(/\b\d{6}\b/) ?? [''])[0] : '';
      return code;
    })
    .toMatch(/^\d{6}$/);
  return code;
}

/**
 * A page in a new browser context that the server takes for a client of its own address: the test
 * server believes `X-Forwarded-For` from loopback (`TRUSTED_PROXIES=127.0.0.1` in .ci/e2e-server), so
 * per-client limits — one verification text a minute and ten a day, log-in failures — count for this
 * page alone, as they would for a real visitor.
 */
export async function ownClient(browser: Browser): Promise<Page> {
  const octet = () => 1 + Math.floor(Math.random() * 254);
  const context = await browser.newContext({ extraHTTPHeaders: { 'X-Forwarded-For': `10.${octet()}.${octet()}.${octet()}` } });
  return context.newPage();
}

/**
 * Verifies a phone on a page's phone-code form (sign-up, social sign-up): the number, "인증번호 받기",
 * the code read from the SMS sink, "확인" — until the form says the phone is verified.
 */
export async function verifyPhone(page: Page, digits: string) {
  const e164 = `+82${digits.slice(1)}`;
  const seen = sentTo(e164).length;
  await page.getByLabel('휴대폰 번호').fill(digits);
  await page.getByTestId('send-code').click();
  await expect(page.getByTestId('code-sent')).toContainText('****');
  await page.getByLabel('인증번호 6자리').fill(await codeFor(e164, smsFile, seen));
  await page.getByTestId('verify-code').click();
  await expect(page.getByTestId('phone-verified')).toBeVisible();
}

/**
 * Asks a server function to text a code (`send_signup_code`, `send_recovery_code`). The server sends at most
 * one code a minute to a phone and per client (a refused request counts nothing), so this asks again
 * every few seconds until the minute has passed.
 */
export async function requestCode(page: Page, endpoint: string, form: Record<string, string>) {
  await expect
    .poll(async () => (await page.request.post(`/api/${endpoint}`, { form, maxRedirects: 0 })).status(), {
      message: `${endpoint} kept being refused (one code a minute and ten a day per client IP)`,
      intervals: [5_000],
      timeout: 100_000,
    })
    .toBeLessThan(400);
}

/** A member made by `signUpMember`, logged in on `page` (its own browser context). */
export interface Member {
  email: string;
  password: string;
  nickname: string;
  /** National digits, `0105…`. */
  phone: string;
  /** `+82105…`, as the SMS sink records it. */
  e164: string;
  page: Page;
}

/**
 * A fresh buyer (일반 회원) signed up through the server functions the sign-up page calls — phone code
 * read from the SMS sink — and logged in in a new browser context. Costs one text message (see
 * `requestCode`). Tests that change a password use one, so the demo
 * log-ins stay as they are.
 */
export async function signUpMember(browser: Browser, prefix: string): Promise<Member> {
  const stamp = Date.now().toString(36);
  const phone = `0105${String(Date.now() % 10_000_000).padStart(7, '0')}`;
  const e164 = `+82${phone.slice(1)}`;
  const member = { email: `${prefix}${stamp}@artipul.kr`, password: `수채화-${stamp}-창가`, nickname: `회원${stamp}`, phone, e164 };
  const page = await ownClient(browser);
  const seen = sentTo(e164).length;
  await requestCode(page, 'send_signup_code', { phone });
  await call(page, 'verify_signup_code', { phone, code: await codeFor(e164, smsFile, seen) });
  await call(page, 'sign_up', { kind: 'Buyer', email: member.email, password: member.password, nickname: member.nickname, name: '김회원', phone });
  await page.goto('/me');
  await expect(page.getByTestId('my-nickname')).toHaveText(member.nickname);
  await hydrated(page);
  return { ...member, page };
}

/** Waits until the page has hydrated (the app marks `<body>`). */
export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** Logs in through the login page in a fresh browser context and lands on `next`. */
export async function logIn(browser: Browser, who: { email: string; password: string }, next: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  await hydrated(page);
  await page.getByLabel('이메일').fill(who.email);
  await page.getByLabel('비밀번호 (8자 이상)').fill(who.password);
  await page.getByRole('button', { name: '로그인' }).click();
  await expect(page).toHaveURL(new RegExp(`${next.replace(/[?]/g, '\\?')}$`));
  await hydrated(page);
  return page;
}

/** Posts a server function as a form (what a page without JavaScript does); fails on an error status. */
export async function call(page: Page, endpoint: string, form: Record<string, string>) {
  const res = await page.request.post(`/api/${endpoint}`, { form, maxRedirects: 0 });
  expect(res.status(), `${endpoint}: ${await res.text()}`).toBeLessThan(400);
  return res;
}

/**
 * Lists a work for `artist` through the server functions the sell page uses: one uploaded photo of the
 * colour `rgb`, a 50,000 start and 90,000 buy-now price, three days; `fields` override the listing form
 * (`title`, `description`, `medium`, `width_cm`, …). Answers the work's id.
 */
export async function listWork(artist: Page, fields: Record<string, string>, rgb: [number, number, number]): Promise<number> {
  const up = await artist.request.post('/api/uploads/artwork-image', {
    multipart: { image: { name: 'work.png', mimeType: 'image/png', buffer: png(320, 240, rgb) } },
  });
  expect(up.status()).toBe(200);
  const form: Record<string, string> = {
    title: '작품', description: '', genre_path: '회화/풍경/중/가로형', tags: '', medium: '캔버스에 유채', width_cm: '45.5',
    height_cm: '38', depth_cm: '', year: '2026', images: (await up.json()).id, start_price: '50000', buy_now_price: '90000',
    reserve_price: '', duration: '3', ends_at_kst: '', ...fields,
  };
  const created = await call(artist, 'create_artwork', Object.fromEntries(Object.entries(form).map(([k, v]) => [`form[${k}]`, v])));
  const artworkId = Number((created.headers()['location'] ?? '').split('/').pop());
  expect(artworkId).toBeGreaterThan(0);
  return artworkId;
}

/** A solid-colour PNG, encoded here so the tests need no fixture files. */
export function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array(width).fill(rgb).flat())]);
  const pixels = zlib.deflateSync(Buffer.concat(Array(height).fill(row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
