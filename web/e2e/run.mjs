// End-to-end scenarios of issue 6, against a running modelbank (E2E_BASE_URL).
// `node e2e/run.mjs` runs all; `node e2e/run.mjs name,...` some; `--list` names them.
// tests/webui/test_e2e.py starts Django, creates the users and runs each scenario.
import { Check, expect, fillLogin, login, run } from './harness.mjs'

const PREMIUM = /^Premium \(\d+ credits?\/image\)/

async function textOf(page) {
  return page.locator('body').innerText()
}

const scenarios = {
  async log_in_and_out({ page, cfg, shot }) {
    await page.goto(`${cfg.app}/usage`)
    await page.waitForURL(/\/app\/login\?next=/)
    await fillLogin(page, cfg.staff.username, 'wrong password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByText('Wrong email or password.').waitFor()
    await page.getByLabel('Password').fill(cfg.staff.password)
    await shot('login.png')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByRole('heading', { name: 'Usage & credits' }).waitFor()
    expect(page.url().endsWith('/app/usage'), `after login went to ${page.url()}`)
    await page.getByTestId('balance').waitFor()
    await shot('usage.png')
    await page.getByRole('button', { name: 'Log out' }).click()
    await page.waitForURL(/\/app\/login/)
    await page.goto(`${cfg.app}/jobs`)
    await page.waitForURL(/\/app\/login\?next=%2Fjobs/)
  },

  async image_quality_premium_survives_reload({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    await page.goto(`${cfg.app}/settings/images`)
    const options = page.getByRole('radio')
    await options.first().waitFor()
    const labels = await page.locator('fieldset.choices label').allInnerTexts()
    expect(labels.length >= 3, `expected the three tiers, got ${JSON.stringify(labels)}`)
    expect(labels.some((l) => /^Basic \(1 credit\/image\)/.test(l)), `no Basic option in ${JSON.stringify(labels)}`)
    const premium = page.getByRole('radio', { name: PREMIUM })
    expect(!(await premium.isChecked()), 'Premium was already selected before the change')
    await premium.check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await page.reload()
    await page.getByRole('radio', { name: PREMIUM }).waitFor()
    expect(await page.getByRole('radio', { name: PREMIUM }).isChecked(), 'Premium is not selected after a reload')
    // The page names tiers and credits only: never a provider or a model.
    const models = await page.request.get(`${cfg.base}/api/v1/system/ai-models/`).then((r) => r.json())
    const body = await textOf(page)
    for (const m of models.image_models) {
      // A seeded tier is named after itself ("Premium", seed 000 §3.1): that name is the tier, not a model.
      const names = [m.model_name, m.display_name].filter((n) => n.toLowerCase() !== String(m.quality_tier).toLowerCase())
      for (const name of names) {
        expect(!body.includes(name), `the page shows the model name "${name}"`)
      }
    }
    for (const provider of ['OpenAI', 'Runware', 'Google', 'DALL']) {
      expect(!body.includes(provider), `the page shows the provider name "${provider}"`)
    }
    await shot('settings-images.png')
  },

  async insufficient_credits_message({ page, cfg, shot }) {
    await login(page, cfg, cfg.member)
    // The member's account has fewer credits than one Premium image costs.
    await page.goto(`${cfg.app}/settings/images`)
    await page.getByRole('radio', { name: PREMIUM }).check()
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    const label = await page.getByRole('radio', { name: PREMIUM }).locator('..').innerText()
    const perImage = Number(/(\d+) credits?\/image/.exec(label)[1])
    const balance = await page.request.get(`${cfg.base}/api/v1/billing/balance/`).then((r) => r.json())

    await page.goto(`${cfg.app}/jobs`)
    await page.getByLabel('What to do').selectOption('generate_images')
    await page.getByLabel('Prompts (one per line)').fill('A lighthouse at dawn')
    await page.getByRole('button', { name: 'Start job' }).click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    const expected = `Not enough credits: this needs ${perImage}, you have ${balance.available}.`
    const shown = (await alert.innerText()).trim()
    expect(shown === expected, `expected "${expected}", saw "${shown}"`)
    await shot('jobs-insufficient-credits.png')
  },

  async staff_sets_provider_key_and_never_sees_it({ page, cfg, shot }) {
    const secret = `sk-e2e-${Date.now()}-never-shown-K9Q2`
    const seen = []
    page.on('response', async (response) => {
      if (!response.url().includes('/api/')) return
      const text = await response.text().catch(() => '')
      if (text.includes(secret) || text.includes(secret.slice(0, -4))) seen.push(response.url())
    })
    await login(page, cfg, cfg.staff)
    await page.getByRole('link', { name: 'Integrations' }).click()
    await page.getByRole('heading', { name: 'Integrations' }).waitFor()
    const row = page.getByTestId('provider-openai')
    await row.getByRole('button', { name: /Set key|Rotate key/ }).click()
    await row.getByLabel('New value').fill(secret)
    await row.getByRole('button', { name: 'Save key' }).click()
    await row.getByTestId('key-status').filter({ hasText: 'key set, ends in K9Q2' }).waitFor()
    expect((await row.getByLabel('New value').count()) === 0, 'the key form is still open after saving')
    await page.reload()
    await page.getByTestId('provider-openai').getByTestId('key-status').filter({ hasText: 'key set, ends in K9Q2' }).waitFor()
    const html = await page.content()
    expect(!html.includes(secret.slice(0, -4)), 'the key appears in the page')
    expect(seen.length === 0, `the key came back from ${seen.join(', ')}`)
    const other = await page.getByTestId('provider-stripe').getByTestId('key-status').innerText()
    expect(other.trim() === 'no key', `a provider without a key shows "${other}"`)
    await shot('staff-integrations.png')
  },

  async non_staff_cannot_open_staff_pages({ page, cfg, shot }) {
    await login(page, cfg, cfg.member)
    expect((await page.getByRole('link', { name: 'Integrations' }).count()) === 0, 'a member sees the Integrations link')
    expect((await page.getByRole('link', { name: 'Models' }).count()) === 0, 'a member sees the Models link')
    for (const route of ['staff/integrations', 'staff/models']) {
      await page.goto(`${cfg.app}/${route}`)
      await page.getByRole('heading', { name: 'Staff only' }).waitFor()
      expect((await page.getByRole('table').count()) === 0, `${route} shows a table to a member`)
    }
    await shot('staff-only.png')
    const api = await page.request.get(`${cfg.base}/api/v1/system/providers/`)
    expect(api.status() === 403, `the providers API answered ${api.status()} to a member`)
  },

  async preferences_persist({ page, cfg, shot }) {
    await login(page, cfg, cfg.member)
    await page.goto(`${cfg.app}/preferences`)
    await page.getByLabel('Theme').selectOption('dark')
    await page.getByLabel('Records per page').selectOption('10')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    // A new browser profile: only the server can know.
    await page.evaluate(() => localStorage.clear())
    await page.reload()
    await page.getByLabel('Theme').waitFor()
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark')
    expect((await page.getByLabel('Records per page').inputValue()) === '10', 'records per page was not kept')
    await shot('preferences.png')
  },

  async ai_settings_override_and_its_source({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    await page.goto(`${cfg.app}/settings/ai`)
    const effective = page.getByTestId('effective')
    const row = (label) => effective.locator('tr', { hasText: label })
    await row('Temperature').getByText('the platform default').waitFor()
    await page.getByLabel('Temperature').fill('0.4')
    await page.getByLabel('Max tokens').fill('2000')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
    await row('Temperature').getByText("your account's setting").waitFor()
    expect((await row('Temperature').innerText()).includes('0.4'), 'the temperature in use is not 0.4')
    expect((await row('Max tokens').innerText()).includes('2,000'), 'max tokens in use is not 2,000')
    await page.reload()
    expect((await page.getByLabel('Temperature').inputValue()) === '0.4', 'the saved temperature is not shown after a reload')
    await row('Text model').waitFor()
    await shot('settings-ai.png')
  },

  async job_runs_with_progress_and_result({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    const balance = await page.request.get(`${cfg.base}/api/v1/billing/balance/`).then((r) => r.json())
    await page.goto(`${cfg.app}/jobs`)
    await page.getByLabel('What to do').selectOption('generate_content')
    await page.getByLabel('Brief').fill('A short piece on how lighthouses work today.')
    await page.getByLabel('Keywords (comma-separated)').fill('lighthouse, automation')
    await page.getByRole('button', { name: 'Start job' }).click()
    if (balance.available === 0) {
      // No credits (the SQLite pass has no ledger rows): refused up front, in plain words.
      const alert = (await page.getByRole('alert').innerText()).trim()
      expect(/^Not enough credits: this needs \d+, you have 0\.$/.test(alert), `saw "${alert}"`)
      return
    }
    const job = page.getByTestId('job')
    await job.getByRole('progressbar').waitFor()
    await shot('jobs-running.png')
    await job.getByTestId('job-status').filter({ hasText: 'succeeded' }).waitFor({ timeout: 30_000 })
    const text = await job.innerText()
    expect(text.includes(process.env.E2E_ARTICLE ?? 'Lighthouses'), `no article in "${text}"`)
    const charged = /Charged (\d+) credits? · provider cost \$([\d.]+)/.exec(text)
    expect(charged && Number(charged[1]) > 0 && Number(charged[2]) > 0, `no credits or cost in "${text}"`)
    await page.getByTestId('recent-jobs').getByText('generate content').first().waitFor()
    await shot('jobs.png')
  },

  async every_page_renders({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    const pages = [
      ['usage', 'Usage & credits', 'usage.png'],
      ['jobs', 'Jobs', null],
      ['settings/ai', 'Settings → AI', null],
      ['staff/models', 'Models', 'staff-models.png'],
    ]
    for (const [route, heading, file] of pages) {
      await page.goto(`${cfg.app}/${route}`)
      await page.getByRole('heading', { name: heading, exact: true }).waitFor()
      await page.waitForLoadState('networkidle')
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
      const errors = await page.getByTestId('error').allInnerTexts()
      if (errors.length) throw new Check(`${route} shows an error: ${errors.join('; ')}`)
      if (file) await shot(file)
    }
    // Seed 004's margin example, read off the staff catalogue: a Quality image sells for
    // $0.10 and costs $0.04, a 60 % margin.
    const quality = page.getByTestId('models').locator('tr', { hasText: 'quality' }).filter({ hasText: '/ image' }).first()
    const row = await quality.innerText()
    expect(/\$0\.10 per image − \$0\.04 cost = \$0\.06 \(60\.0 %\)/.test(row), `quality image row reads "${row}"`)
  },
}

process.exitCode = await run(scenarios)
