// A very small runner for the e2e scenarios: Debian's Chromium through playwright-core,
// a fresh browser context (cookies, storage) per scenario, TAP-like output, exit 1 on failure.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { chromium } from 'playwright-core'

export const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

export function config() {
  const base = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8010').replace(/\/$/, '')
  return {
    base,
    app: `${base}/app`,
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    screenshots: process.env.E2E_SCREENSHOT_DIR ?? path.resolve(import.meta.dirname, '../../docs/screenshots'),
    staff: { username: process.env.E2E_STAFF_USER ?? 'admin@example.com', password: process.env.E2E_STAFF_PASSWORD ?? 'admin12345' },
    member: { username: process.env.E2E_MEMBER_USER ?? 'member@example.com', password: process.env.E2E_MEMBER_PASSWORD ?? 'member12345' },
  }
}

export class Check extends Error {}

export function expect(condition, message) {
  if (!condition) throw new Check(message)
}

export async function run(scenarios) {
  const cfg = config()
  const args = process.argv.slice(2)
  if (args.includes('--list')) {
    console.log(Object.keys(scenarios).join('\n'))
    return 0
  }
  const only = (process.env.E2E_ONLY ?? args.join(',')).split(',').map((s) => s.trim()).filter(Boolean)
  const unknown = only.filter((name) => !(name in scenarios))
  if (unknown.length) {
    console.error(`unknown scenario(s): ${unknown.join(', ')}`)
    return 2
  }
  const names = only.length ? only : Object.keys(scenarios)
  mkdirSync(cfg.screenshots, { recursive: true })
  // launch() gives every run a new, empty user-data-dir of its own; the Chromium flags are
  // the ones this machine needs (no sandbox as root, nothing that reaches the network).
  const profile = mkdtempSync(path.join(tmpdir(), 'mb-e2e-'))
  const browser = await chromium.launch({
    executablePath: cfg.executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, HOME: profile },
  })
  let failed = 0
  console.log(`1..${names.length}`)
  try {
    for (const [i, name] of names.entries()) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, baseURL: cfg.base })
      context.setDefaultTimeout(15_000)
      const page = await context.newPage()
      const consoleErrors = []
      page.on('pageerror', (err) => consoleErrors.push(String(err)))
      const started = Date.now()
      try {
        await scenarios[name]({ page, context, cfg, shot: (file) => screenshot(page, cfg, file) })
        expect(consoleErrors.length === 0, `uncaught page errors: ${consoleErrors.join('; ')}`)
        console.log(`ok ${i + 1} - ${name} (${Date.now() - started} ms)`)
      } catch (error) {
        failed += 1
        console.log(`not ok ${i + 1} - ${name}`)
        console.log(`  # ${String(error?.stack ?? error).split('\n').join('\n  # ')}`)
        await screenshot(page, { ...cfg, screenshots: path.join(tmpdir(), 'mb-e2e-failures') }, `${name}.png`).catch(() => {})
      } finally {
        await context.close()
      }
    }
  } finally {
    await browser.close()
    rmSync(profile, { recursive: true, force: true })
  }
  console.log(`# ${names.length - failed} passed, ${failed} failed`)
  return failed ? 1 : 0
}

async function screenshot(page, cfg, file) {
  mkdirSync(cfg.screenshots, { recursive: true })
  // Let fonts and the last fetches settle so the picture is of the finished page.
  await page.waitForLoadState('networkidle').catch(() => {})
  await page.screenshot({ path: path.join(cfg.screenshots, file), fullPage: true, animations: 'disabled' })
}

/** The login form's fields (the form asks for the email; the API still calls it username). */
export async function fillLogin(page, username, password) {
  await page.getByLabel('Email').fill(username)
  await page.getByLabel('Password').fill(password)
}

export async function login(page, cfg, who) {
  await page.goto(`${cfg.app}/login`)
  await fillLogin(page, who.username, who.password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.getByRole('heading', { name: 'Usage & credits' }).waitFor()
}
