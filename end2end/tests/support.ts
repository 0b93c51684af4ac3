import { expect, Browser, Page } from '@playwright/test';
import * as zlib from 'zlib';

// Demo log-ins created by `seed-demo` (development and test databases only).
export const ARTIST = { email: 'haneul@demo.artipul.kr', password: 'artipul-demo-2026', nickname: '하늘물감' };
export const BUYER = { email: 'buyer@demo.artipul.kr', password: 'artipul-demo-2026', nickname: '데모컬렉터' };

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
