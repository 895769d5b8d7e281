// End-to-end scenarios of issue 13's member side, against a running modelbank (E2E_BASE_URL):
// job history and a job's own page, cost before spending, credits only, the usage period and
// CSV, phones at 390 px, keyboards, the account switcher. `node e2e/member.mjs [name,...]`;
// `--list` names them. tests/webui/test_e2e_member.py starts Django, makes the member's world
// (two accounts, finished jobs) and runs each scenario.
import { readFileSync } from 'node:fs'
import { expect, fillLogin, login, run } from './harness.mjs'

const PHONE = { width: 390, height: 844 }
// What a member must never read: the provider's cost, model ids, provider names.
const STAFF_ONLY = [/provider cost/i, /\$\d/, /gpt-|dall-e|runware|google:|openai/i]

async function member(page, cfg) {
  await login(page, cfg, cfg.member)
}

async function bodyText(page) {
  return page.locator('body').innerText()
}

async function noStaffData(page, where) {
  const text = await bodyText(page)
  for (const pattern of STAFF_ONLY) expect(!pattern.test(text), `${where} shows ${pattern}: ${text.match(pattern)?.[0]}`)
}

async function settled(page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
}

/** The page is no wider than the window: nothing but a table's own box scrolls sideways. */
async function fitsTheWidth(page, where) {
  const { scroll, width } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: globalThis.innerWidth }))
  expect(scroll <= width, `${where} is ${scroll}px wide in a ${width}px window`)
}

/** The history lists `count` rows once it settles: it re-renders while it polls and while a filter's request is
 * out, so a count read at one instant can be the list before the filter. */
async function historySettlesAt(page, count, message) {
  const settled = await page.waitForFunction(
    (n) => document.querySelectorAll('[data-testid="recent-jobs"] tbody tr').length === n, count, { timeout: 15000 },
  ).then(() => true, () => false)
  const rows = await page.getByTestId('recent-jobs').locator('tbody tr').count()
  expect(settled, `${message} (it lists ${rows})`)
}

async function openHistoryRow(page, functionWords) {
  const row = page.getByTestId('recent-jobs').locator('tr', { hasText: functionWords }).first()
  await row.getByRole('link').click()
  await page.waitForURL(/\/app\/jobs\/[0-9a-f-]{36}$/)
}

const scenarios = {
  async history_filters_and_job_page({ page, cfg, shot }) {
    await member(page, cfg)
    await page.getByRole('link', { name: 'Jobs', exact: true }).click()
    const history = page.getByTestId('recent-jobs')
    await historySettlesAt(page, 3, 'the history does not list the three jobs')
    // by function
    await page.getByLabel('Function').selectOption('generate_content')
    await page.waitForURL(/function=generate_content/)
    await historySettlesAt(page, 1, 'the function filter kept other jobs')
    await history.locator('tbody tr', { hasText: 'generate content' }).waitFor()
    // by status
    await page.getByRole('button', { name: 'Clear filters' }).click()
    await historySettlesAt(page, 3, 'clearing the filters did not bring the three jobs back')
    await page.getByLabel('Status').selectOption('failed')
    await page.waitForURL(/status=failed/)
    await historySettlesAt(page, 1, 'the status filter kept other jobs')
    await history.locator('tbody tr', { hasText: 'auto cluster' }).waitFor()
    // by days: the article was two days ago, the others since
    await page.getByRole('button', { name: 'Clear filters' }).click()
    const day = (ago) => new Date(Date.now() - ago * 86_400_000).toISOString().slice(0, 10)
    await page.getByLabel('From').fill(day(5))
    await page.getByLabel('to', { exact: true }).fill(day(2))
    await historySettlesAt(page, 1, 'the date filter kept other jobs')
    await history.locator('tbody tr', { hasText: 'generate content' }).waitFor()
    await shot('jobs-history.png')
    // a filtered list survives a reload (it lives in the address), and a row opens the job's page
    await page.reload()
    await history.locator('tbody tr', { hasText: 'generate content' }).waitFor()
    await openHistoryRow(page, 'generate content')
    await page.getByRole('heading', { level: 1, name: 'Write an article' }).waitFor()
    await page.getByRole('heading', { name: 'How lighthouses work today' }).waitFor()
    await page.getByRole('link', { name: '← All jobs' }).click()
    await page.waitForURL(/\/app\/jobs$/)
  },

  async article_copy_and_download({ page, context, cfg, shot }) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cfg.base })
    await member(page, cfg)
    await page.goto(`${cfg.app}/jobs`)
    await openHistoryRow(page, 'generate content')
    const article = page.getByTestId('article')
    // rendered from Markdown: headings, bold, a list and a table
    await article.getByRole('heading', { level: 2, name: 'What changed' }).waitFor()
    expect(await article.locator('strong', { hasText: 'on their own' }).count() === 1, 'bold text is not rendered')
    expect(await article.locator('li').count() === 2, 'the list is not rendered')
    expect(await article.locator('table td', { hasText: '1,500' }).count() === 1, 'the table is not rendered')
    await page.getByRole('button', { name: 'Copy Markdown' }).click()
    await page.getByText('Copied.').waitFor()
    const copied = await page.evaluate(() => globalThis.navigator.clipboard.readText())
    expect(copied.startsWith('# How lighthouses work today\n'), `the clipboard holds "${copied.slice(0, 40)}"`)
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .md' }).click()])
    expect(download.suggestedFilename() === 'how-lighthouses-work-today.md', `downloaded as ${download.suggestedFilename()}`)
    const saved = readFileSync(await download.path(), 'utf8')
    expect(saved === copied, 'the downloaded file is not the article')
    await shot('job-article.png')
  },

  async images_enlarge_and_download({ page, cfg, shot }) {
    await member(page, cfg)
    await page.goto(`${cfg.app}/jobs`)
    await openHistoryRow(page, 'generate images')
    await page.getByRole('heading', { level: 1, name: 'Generate images' }).waitFor()
    const enlarge = page.getByRole('button', { name: 'Enlarge image 2: A harbour at dusk' })
    await enlarge.click()
    const viewer = page.getByRole('dialog', { name: 'Image: A harbour at dusk' })
    await viewer.waitFor()
    const size = await viewer.locator('img').boundingBox()
    expect(size && size.width > 300, `the enlarged image is ${size?.width}px wide`)
    expect(await viewer.getByRole('button', { name: 'Close' }).evaluate((el) => el === document.activeElement), 'focus is not on Close')
    await shot('job-image-enlarged.png')
    const [download] = await Promise.all([page.waitForEvent('download'), viewer.getByRole('link', { name: 'Download' }).click()])
    expect(/^job-[0-9a-f]{8}-2\.png$/.test(download.suggestedFilename()), `downloaded as ${download.suggestedFilename()}`)
    const bytes = readFileSync(await download.path())
    expect(bytes.subarray(1, 4).toString() === 'PNG', 'the download is not the PNG')
    await page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label')?.startsWith('Enlarge image 2'))
    await shot('job-images.png')
  },

  async members_see_credits_only({ page, cfg }) {
    await member(page, cfg)
    await settled(page)
    await noStaffData(page, 'the usage page')
    await page.goto(`${cfg.app}/jobs`)
    await page.getByTestId('recent-jobs').waitFor()
    await noStaffData(page, 'the jobs page')
    expect((await page.getByTestId('recent-jobs').locator('th').allInnerTexts()).every((h) => !/cost/i.test(h)), 'the history has a cost column')
    for (const fn of ['generate content', 'generate images', 'auto cluster']) {
      await page.goto(`${cfg.app}/jobs`)
      await openHistoryRow(page, fn)
      await page.getByTestId('job').getByText(/^Charged \d+ credits?$/).waitFor()
      await noStaffData(page, `the ${fn} job's page`)
    }
    // the failed job reads as a person would say it, not as the configuration error it was
    const failed = await page.getByTestId('job').innerText()
    expect(failed.includes('Text generation is unavailable right now.'), `the failure reads "${failed}"`)
  },

  async unavailable_tier_in_words({ page, cfg, shot }) {
    await member(page, cfg)
    // Settings → Images offers only the tiers that can be served now
    await page.goto(`${cfg.app}/settings/images`)
    await page.getByRole('radio').first().waitFor()
    const tiers = await page.locator('fieldset.choices label').allInnerTexts()
    expect(tiers.length === 1 && tiers[0].startsWith('Quality'), `offered ${JSON.stringify(tiers)}`)
    // the account's saved Premium tier is said to be unavailable, before and at Start
    await page.goto(`${cfg.app}/jobs`)
    await page.getByLabel('What to do').selectOption('generate_images')
    await page.getByLabel('Prompts (one per line)').fill('A lighthouse at dawn')
    const said = 'Premium images are unavailable right now. Choose another image quality, or try again later.'
    await page.getByTestId('estimate').filter({ hasText: said }).waitFor()
    await page.getByRole('button', { name: 'Start job' }).click()
    const alert = (await page.getByRole('alert').innerText()).trim()
    expect(alert === said, `Start said "${alert}"`)
    const text = await bodyText(page)
    expect(!/api key|admin|google|provider/i.test(text), 'the page names the configuration behind it')
    await shot('jobs-unavailable.png')
  },

  async cost_before_start_and_402_fixes({ page, cfg, shot }) {
    await member(page, cfg)
    const shop = await page.request.get(`${cfg.base}/api/v1/billing/balance/`).then((r) => r.json())
    // text: the worst case, held while it runs
    await page.goto(`${cfg.app}/jobs`)
    await page.getByLabel('What to do').selectOption('generate_content')
    await page.getByLabel('Brief').fill('How lighthouses work today.')
    const estimate = page.getByTestId('estimate')
    await estimate.filter({ hasText: /^Cost: Up to \d+ credits: held while it runs, the most it can cost; you pay for what it uses \(you have \d+\)$/ }).waitFor()
    // images in the Agency account, where Sam is a member with fewer credits
    await page.getByLabel('Account').selectOption({ label: 'Agency (member)' })
    await page.getByTestId('who').filter({ hasText: 'Agency' }).waitFor()
    const agency = await page.evaluate(() => globalThis.fetch('/api/v1/billing/balance/', { headers: { 'X-Account-Id': localStorage.getItem('modelbank.account') } }).then((r) => r.json()))
    expect(agency.available !== shop.available || agency.available === 0, 'the balance did not follow the account')
    await page.getByLabel('What to do').selectOption('generate_images')
    await page.getByLabel('Prompts (one per line)').fill('A lighthouse at dawn\nA harbour at dusk')
    const have = agency.available
    await estimate.filter({ hasText: `Cost: 2 images × Quality = 10 credits (you have ${have})` }).waitFor()
    await page.getByRole('button', { name: 'Start job' }).click()
    const alert = (await page.getByRole('alert').innerText()).trim()
    expect(alert === `Not enough credits: this needs 10, you have ${have}.`, `the 402 reads "${alert}"`)
    const fixes = page.getByTestId('credit-fixes')
    await fixes.getByText(`Top up: ask the platform team to add at least ${10 - have} credits to your account.`).waitFor()
    if (have >= 5) {
      await fixes.getByText('Make 1 image instead: 5 credits.').waitFor()
      await fixes.getByText('Choose Basic images in Settings → Images (ask an owner or admin of your account): 2 × Basic = 2 credits.').waitFor()
      await shot('jobs-402-fixes.png')
      await fixes.getByRole('button', { name: 'Keep the first 1' }).click()
      await estimate.filter({ hasText: `Cost: 1 image × Quality = 5 credits (you have ${have})` }).waitFor()
      expect((await page.getByLabel('Prompts (one per line)').inputValue()) === 'A lighthouse at dawn', 'the prompts were not cut to one')
      expect(await fixes.count() === 0, 'the fixes stay after the job fits')
    }
  },

  async job_runs_live_with_usage({ page, cfg, shot }) {
    await member(page, cfg)
    const before = await page.request.get(`${cfg.base}/api/v1/billing/balance/`).then((r) => r.json())
    await page.goto(`${cfg.app}/jobs`)
    await page.getByLabel('What to do').selectOption('generate_content')
    await page.getByLabel('Brief').fill('A short piece on how lighthouses work today.')
    await page.getByTestId('estimate').filter({ hasText: /^Cost: Up to/ }).waitFor()
    await page.getByRole('button', { name: 'Start job' }).click()
    const job = page.getByTestId('job')
    // the status is announced politely as it changes
    const announcer = job.getByTestId('job-announcer')
    expect((await announcer.getAttribute('aria-live')) === 'polite', 'the status is not a polite live region')
    await announcer.filter({ hasText: /^(Queued|Running)/ }).waitFor()
    await job.getByRole('link', { name: "Open this job's page" }).click()
    await page.waitForURL(/\/app\/jobs\/[0-9a-f-]{36}$/)
    // Usage & credits moves while the job runs: credits held, then spent, without a reload
    await page.getByRole('link', { name: 'Usage & credits' }).click()
    const held = page.getByTestId('balance').locator('.stat', { hasText: 'Held for running jobs' })
    await held.filter({ hasNotText: /^Held for running jobs\s*0 credits$/ }).waitFor()
    await shot('usage-job-running.png')
    await held.filter({ hasText: /^Held for running jobs\s*0 credits$/ }).waitFor({ timeout: 30_000 })
    const available = page.getByTestId('balance').locator('.stat', { hasText: 'Available' })
    await page.waitForFunction((was) => {
      const text = [...document.querySelectorAll('[data-testid="balance"] .stat')].find((s) => s.textContent.startsWith('Available'))?.textContent ?? ''
      const now = Number(text.replace(/\D/g, ''))
      return now > 0 && now < was
    }, before.available)
    expect(/credits?/.test(await available.innerText()), 'the balance is not in credits')
    await page.getByTestId('recent-jobs').locator('tr', { hasText: 'succeeded' }).first().waitFor()
    await page.goBack()
    await page.getByTestId('article').getByText(process.env.E2E_ARTICLE?.split('.')[0] ?? 'Lighthouses').waitFor()
    await noStaffData(page, 'the finished job')
  },

  async usage_period_and_csv({ page, cfg, shot }) {
    await member(page, cfg)
    await settled(page) // the balance and limits cards load above the presets: a click mid-layout can miss
    await page.getByRole('button', { name: 'Last 7 days' }).click()
    await page.getByRole('button', { name: 'Last 7 days', pressed: true }).waitFor({ timeout: 5_000 })
      .catch(() => expect(false, 'the preset is not marked'))
    await settled(page)
    const rows = await page.getByTestId('transactions').locator('tbody tr').count().catch(() => 0)
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Transactions (CSV)' }).click()])
    expect(/^transactions-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/.test(csv.suggestedFilename()), `named ${csv.suggestedFilename()}`)
    const lines = readFileSync(await csv.path(), 'utf8').trim().split(/\r?\n/)
    expect(lines[0] === 'id,created_at,transaction_type,description,amount,balance_after', `header ${lines[0]}`)
    expect(lines.length - 1 === rows, `the CSV has ${lines.length - 1} rows, the page ${rows}`)
    const [usage] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Usage (CSV)' }).click()])
    const usageText = readFileSync(await usage.path(), 'utf8')
    expect(usageText.startsWith('id,created_at,operation_type,credits_used'), `usage CSV starts "${usageText.slice(0, 40)}"`)
    expect(!/gpt-|dall-e|openai|runware/i.test(usageText), 'the usage CSV names a model or provider')
    // a period with nothing in it
    await page.getByLabel('From').fill('2001-01-01')
    await page.getByLabel('to', { exact: true }).fill('2001-01-31')
    await page.getByText('No transactions in this period.').waitFor()
    await page.getByText('No usage in this period.').waitFor()
    await page.getByRole('button', { name: 'Last 30 days' }).click()
    await settled(page)
    if (await page.getByText('The chart as a table').count()) {
      await page.getByText('The chart as a table').click()
      await page.getByTestId('usage-chart-table').waitFor()
    }
    await shot('usage-period.png')
  },

  async account_switcher_and_email_login({ page, cfg, shot }) {
    await page.goto(`${cfg.app}/login`)
    expect(await page.getByLabel('Email').evaluate((el) => el === document.activeElement), 'the Email field has no focus')
    await fillLogin(page, cfg.member.username, 'wrong')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByText('Wrong email or password.').waitFor()
    await fillLogin(page, cfg.member.username, cfg.member.password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Usage & credits' }).waitFor()
    const who = page.getByTestId('who')
    await who.filter({ hasText: 'Small Shop' }).waitFor()
    const select = page.getByLabel('Account')
    expect((await select.locator('option').allInnerTexts()).join('|') === 'Small Shop (owner)|Agency (member)', 'the accounts offered')
    await select.selectOption({ label: 'Agency (member)' })
    await who.filter({ hasText: 'Agency' }).waitFor()
    await historySettlesAt(page, 1, "the Agency's jobs are not shown")
    await shot('account-switcher.png')
    // the choice is kept across a reload, and the Agency's job opens in it
    await page.reload()
    await who.filter({ hasText: 'Agency' }).waitFor()
    await page.goto(`${cfg.app}/jobs`)
    await openHistoryRow(page, 'generate content')
    await page.getByRole('heading', { name: 'Agency newsletter' }).waitFor()
    // a member of the Agency cannot change its settings; back in the shop, the owner can
    await page.goto(`${cfg.app}/settings/images`)
    await page.getByRole('note').filter({ hasText: 'owners and admins' }).waitFor()
    await page.getByLabel('Account').selectOption({ label: 'Small Shop (owner)' })
    await who.filter({ hasText: 'Small Shop' }).waitFor()
    await page.waitForFunction(() => !document.querySelector('[role="note"]'))
    // logging out forgets the choice
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(/\/app\/login/)
    expect((await page.evaluate(() => localStorage.getItem('modelbank.account'))) === null, 'the account choice outlived the session')
  },

  async phone_390_layout({ page, cfg, shot }) {
    await page.setViewportSize(PHONE)
    await page.goto(`${cfg.app}/login`)
    await fitsTheWidth(page, 'the login page')
    await shot('phone-login.png')
    await member(page, cfg)
    await settled(page)
    // the navigation is folded behind Menu
    const nav = page.getByRole('navigation', { name: 'Main' })
    expect(!(await nav.isVisible()), 'the navigation is open on a phone')
    await fitsTheWidth(page, 'the usage page')
    await shot('phone-usage.png')
    const menu = page.getByRole('button', { name: 'Menu' })
    await menu.click()
    expect((await menu.getAttribute('aria-expanded')) === 'true', 'Menu does not say it is open')
    await nav.waitFor()
    await shot('phone-menu.png')
    await nav.getByRole('link', { name: 'Jobs' }).click()
    await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor()
    expect(!(await nav.isVisible()), 'the navigation stays open after a choice')
    await page.getByTestId('recent-jobs').waitFor()
    await fitsTheWidth(page, 'the jobs page')
    // a table wider than the phone scrolls in its own box
    const table = await page.getByTestId('recent-jobs').evaluate((t) => {
      const box = t.closest('.table-scroll') ?? t
      return { box: box.clientWidth, content: box.scrollWidth, overflow: globalThis.getComputedStyle(box).overflowX }
    })
    expect(table.box <= PHONE.width && (table.content <= table.box || ['auto', 'scroll'].includes(table.overflow)),
      `the history table is ${JSON.stringify(table)}`)
    await shot('phone-jobs.png')
    await openHistoryRow(page, 'generate content')
    await page.getByTestId('article').waitFor()
    await fitsTheWidth(page, "the article's page")
    await shot('phone-job.png')
    await page.goto(`${cfg.app}/jobs`)
    await openHistoryRow(page, 'generate images')
    await page.getByRole('button', { name: /^Enlarge image 1/ }).click()
    await page.getByRole('dialog').waitFor()
    await fitsTheWidth(page, 'the enlarged image')
    await page.keyboard.press('Escape')
  },

  async keyboard_skip_link_and_focus({ page, cfg, shot }) {
    await member(page, cfg)
    // on a page just opened, the first Tab reaches the skip link, which shows itself and jumps to the content
    await page.reload()
    await settled(page)
    await page.keyboard.press('Tab')
    const skip = page.getByRole('link', { name: 'Skip to content' })
    expect(await skip.evaluate((el) => el === document.activeElement), 'the first Tab does not reach the skip link')
    const box = await skip.boundingBox()
    expect(box && box.x >= 0 && box.y >= 0, 'the focused skip link is off screen')
    await shot('skip-link.png')
    await page.keyboard.press('Enter')
    await page.waitForFunction(() => document.activeElement?.id === 'main')
    // the job form starts with focus on its first field
    await page.goto(`${cfg.app}/jobs`)
    await page.getByLabel('What to do').waitFor()
    expect(await page.getByLabel('What to do').evaluate((el) => el === document.activeElement), 'the first field has no focus')
    // a form sent with a required field empty: the error is on the field, and focus goes to it
    await page.getByLabel('What to do').selectOption('generate_content')
    await page.getByRole('button', { name: 'Start job' }).click()
    const brief = page.getByLabel('Brief')
    expect((await brief.getAttribute('aria-invalid')) === 'true', 'the empty Brief is not marked invalid')
    const describedBy = await brief.getAttribute('aria-describedby')
    const said = await page.locator(`[id="${describedBy}"]`).innerText()
    expect(said === 'Brief is required.', `the Brief is described as "${said}"`)
    expect(await brief.evaluate((el) => el === document.activeElement), 'focus did not go to the field in error')
    await shot('jobs-field-error.png')
  },
}

process.exitCode = await run(scenarios)
