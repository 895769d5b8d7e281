// End-to-end scenarios of issue 13's staff parts (revenue, catalog and provider editing, credits,
// API tokens) and of a member managing their own API tokens, against a running modelbank.
// `node e2e/staff.mjs` runs all; `node e2e/staff.mjs name,...` some; `--list` names them.
// tests/webui/test_e2e_staff.py starts Django, creates the users and runs each scenario.
import { readFile } from 'node:fs/promises'
import { expect, login, run } from './harness.mjs'

// The PostgreSQL pass has ledger rows (demo activity, grants); SQLite cannot delete them after a test.
const LEDGER = process.env.E2E_LEDGER_WRITES === '1'
const MEMBER_ACCOUNT = process.env.E2E_MEMBER_ACCOUNT ?? 'Small Shop'
const RAW_DECIMAL = /\d\.\d{5,}/ // 0.20000000: money must never read like this

async function settled(page) {
  await page.waitForLoadState('networkidle')
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'))
}

async function noRawDecimals(page, where) {
  const text = await page.locator('main').innerText()
  const found = RAW_DECIMAL.exec(text)
  expect(!found, `${where} shows a raw decimal "${found?.[0]}"`)
}

/** The API as the signed-in browser calls it (session cookie, CSRF header on writes). */
async function apiCall(page, method, path, body) {
  const cookies = await page.context().cookies()
  const csrf = cookies.find((c) => c.name === 'csrftoken')?.value ?? ''
  return page.request.fetch(path, { method, data: body, headers: { 'X-CSRFToken': csrf } })
}

/** The token list has loaded: it lays out above the New token form, so a click on the form while it
 * loads can land where the button was (a CI run's "Create token" click created nothing). */
async function tokensListed(page) {
  await page.getByTestId('tokens').or(page.getByText('No API tokens yet.')).waitFor()
}

const scenarios = {
  async staff_revenue_report({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    await page.getByRole('link', { name: 'Revenue' }).click()
    await page.getByRole('heading', { name: 'Revenue', exact: true }).waitFor()
    const totals = page.getByTestId('revenue-totals')
    await totals.waitFor()
    await settled(page)
    const text = await totals.innerText()
    expect(/Revenue\s*\$\d+\.\d\d\b/.test(text), `the revenue total reads "${text}"`)
    expect(/Markup/.test(text) && /Provider cost\s*\$/.test(text), `no cost or markup in "${text}"`)
    if (LEDGER) {
      // The staff account's demo activity: a chart, and a breakdown table with a total row.
      await page.getByRole('img', { name: /Revenue per day/ }).waitFor()
      const breakdown = page.getByTestId('revenue-breakdown')
      await breakdown.getByRole('row', { name: /^Total/ }).waitFor()
      const total = await breakdown.getByRole('row', { name: /^Total/ }).innerText()
      expect(/\$\d+\.\d\d/.test(total), `the total row reads "${total}"`)
      await page.getByText('The chart as a table').click()
      await page.getByTestId('revenue-chart-table').getByRole('row').nth(1).waitFor()
    } else {
      await page.getByText('No usage in this period.').first().waitFor()
    }
    await noRawDecimals(page, 'the revenue page')
    await shot('staff-revenue.png')

    await page.getByLabel('Break down by').selectOption('account')
    await page.getByRole('button', { name: 'Last 90 days' }).click()
    await settled(page)
    if (LEDGER) await page.getByTestId('revenue-breakdown').getByRole('cell', { name: /^Platform \(#\d+\)$/ }).waitFor()
    const link = page.getByRole('link', { name: 'Download CSV' })
    const href = new URL(await link.getAttribute('href'), cfg.base)
    expect(href.searchParams.get('by') === 'account', `the CSV link asks for ${href.search}`)
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    expect(/^revenue-\d{4}-\d\d-\d\d-\d{4}-\d\d-\d\d\.csv$/.test(download.suggestedFilename()),
      `the download is named ${download.suggestedFilename()}`)
    const csv = (await readFile(await download.path(), 'utf8')).trim().split(/\r?\n/)
    expect(csv[0] === 'account,account_name,usage_count,credits_used,uncharged_credits,revenue_usd,cost_usd,margin_usd,margin_pct,markup_pct',
      `the CSV header is "${csv[0]}"`)
    if (LEDGER) expect(csv.some((line) => /,Platform,\d+,\d+,/.test(line)), `no Platform line in ${JSON.stringify(csv)}`)

    // A member is refused the report and its export.
    const member = await page.context().browser().newContext({ baseURL: cfg.base })
    const memberPage = await member.newPage()
    await login(memberPage, cfg, cfg.member)
    for (const path of ['/api/v1/admin/analytics/revenue/', '/api/v1/admin/analytics/revenue/export/']) {
      const status = (await memberPage.request.get(path)).status()
      expect(status === 403, `${path} answered ${status} to a member`)
    }
    await memberPage.goto(`${cfg.app}/staff/revenue`)
    await memberPage.getByRole('heading', { name: 'Staff only' }).waitFor()
    await member.close()
  },

  async staff_edits_a_model({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    await page.goto(`${cfg.app}/staff/models`)
    await page.getByTestId('models').waitFor()
    const count = async () => (await page.getByRole('status').filter({ hasText: /models$/ }).innerText()).trim()
    const all = await count()
    await page.getByLabel('Active only').check()
    await page.getByLabel('Filter').fill('dall-e-3')
    const filtered = await count()
    expect(filtered.startsWith('1 of') && filtered !== all, `the filter shows "${filtered}" (was "${all}")`)
    await page.getByLabel('Filter').fill('')
    await page.getByLabel('Active only').uncheck()
    // A model without a provider price (seeded: bria-2.2, inactive) reads "no price", never "-" or "$0".
    await page.getByLabel('Filter').fill('bria-2.2')
    const unpriced = (await page.getByTestId('model-bria-2.2').locator('td').nth(3).innerText()).trim()
    expect(unpriced === 'no price', `an unpriced model's provider price reads "${unpriced}"`)
    await page.getByLabel('Filter').fill('dall-e-3')

    // Seeded as the Quality tier: the display name customers see is the tier's.
    await page.getByRole('button', { name: 'Edit Quality' }).click()
    const form = page.getByRole('form', { name: 'Edit Quality' })
    const preview = page.getByTestId('margin-preview')
    await preview.getByText(/\$0\.10 per image − \$0\.04 cost = \$0\.06/).waitFor()
    await form.getByLabel('Credits per image').fill('1')
    // One credit ($0.02) for a $0.04 picture: the margin goes negative as you type.
    await preview.getByText(/\$0\.02 per image − \$0\.04 cost = −\$0\.02.*sells below cost/).waitFor()
    await form.getByLabel('Credits per image').fill('6')
    await preview.getByText(/\$0\.12 per image − \$0\.04 cost = \$0\.08 \(66\.7 %\)/).waitFor()
    await form.getByLabel('Sizes').fill('1024x1024, 1792 x 1024')
    await form.getByRole('button', { name: 'Save' }).click()
    const sizes = form.getByLabel('Sizes')
    await page.waitForFunction(() => document.querySelector('[aria-invalid="true"]'))
    expect((await sizes.getAttribute('aria-invalid')) === 'true', 'the bad size is not tied to its field')
    const described = await sizes.getAttribute('aria-describedby')
    const message = await page.locator(`[id="${described.split(' ').pop()}"]`).innerText()
    expect(message.includes('is not a size'), `the sizes field says "${message}"`)
    await shot('staff-model-edit.png')
    await form.getByLabel('Sizes').fill('1024x1024, 1792x1024, 1024x1792')
    await form.getByRole('button', { name: 'Save' }).click()
    await form.getByText('Saved.').waitFor()

    await page.reload()
    await page.getByLabel('Filter').fill('dall-e-3')
    const row = await page.getByTestId('model-dall-e-3').innerText()
    expect(row.includes('6 / image') && /\$0\.12 per image − \$0\.04 cost = \$0\.08/.test(row), `after a reload the row reads "${row}"`)
    await noRawDecimals(page, 'the models page')
    // Staff only, and the change reached the customers' catalogue.
    const models = await page.request.get(`${cfg.base}/api/v1/system/ai-models/`).then((r) => r.json())
    const dalle = models.image_models.find((m) => m.model_name === 'dall-e-3')
    expect(dalle.credits_per_image === 6 && dalle.valid_sizes.includes('1024x1792'), `ai-models has ${JSON.stringify(dalle)}`)
  },

  async staff_provider_settings_and_connection_test({ page, cfg, shot }) {
    const endpoint = process.env.E2E_FAKE_OPENAI_ENDPOINT
    expect(endpoint, 'E2E_FAKE_OPENAI_ENDPOINT is not set (tests/webui/test_e2e_staff.py starts the fake)')
    await login(page, cfg, cfg.staff)
    await page.goto(`${cfg.app}/staff/integrations`)
    const row = page.getByTestId('provider-openai')
    await row.getByRole('button', { name: 'Edit settings' }).click()
    await row.getByLabel('Endpoint').fill('ftp://example.invalid/v1')
    await row.getByRole('button', { name: 'Save' }).click()
    await row.getByRole('alert').waitFor()
    expect((await row.getByLabel('Endpoint').getAttribute('aria-invalid')) === 'true', 'the bad endpoint is not marked')
    await row.getByLabel('Endpoint').fill(endpoint)
    await row.getByRole('button', { name: 'Save' }).click()
    await row.getByText('settings saved').waitFor()
    await row.getByText(endpoint).waitFor()
    await row.getByRole('button', { name: 'Test connection' }).click()
    const result = row.getByTestId('connection-result')
    await result.getByText(/^Connected: OpenAI answered at /).waitFor()
    const said = await result.innerText()
    expect(said.includes(endpoint) && /\d+ models? listed/.test(said), `the test says "${said}"`)
    expect(!said.includes(process.env.E2E_FAKE_OPENAI_KEY ?? 'sk-'), 'the key is shown')
    await shot('staff-integrations-test.png')

    // A provider whose key is refused: the reason in words.
    await apiCall(page, 'PUT', '/api/v1/system/providers/openai/key/', { field: 'api_key', value: 'sk-wrong-key-for-e2e-0000' })
    await row.getByRole('button', { name: 'Test connection' }).click()
    await result.getByText(/^Failed: OpenAI rejected the API key \(401\)/).waitFor()
  },

  async staff_grants_credits({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    await page.goto(`${cfg.app}/staff/credits`)
    await page.getByLabel('Find account').fill(MEMBER_ACCOUNT)
    const row = page.getByTestId('accounts').locator('tr', { hasText: MEMBER_ACCOUNT })
    await row.waitFor()
    const before = Number((await row.locator('td.num').first().innerText()).replace(/,/g, ''))
    await row.getByRole('button', { name: 'Grant or adjust' }).click()
    const form = page.getByRole('form', { name: `Change the credits of ${MEMBER_ACCOUNT}` })
    if (!LEDGER) {
      // SQLite keeps no ledger rows across tests: the refusal path only (nothing is written).
      await form.getByLabel(/Adjust/).check()
      await form.getByLabel('Credits', { exact: true }).fill(String(-(before + 1)))
      await form.getByLabel('Reason').fill('More than it has')
      await form.getByRole('button', { name: 'Adjust' }).click()
      const alert = await form.getByRole('alert').innerText()
      expect(/credits/i.test(alert), `the refusal reads "${alert}"`)
      await shot('staff-credits.png')
      return
    }
    await form.getByLabel('Credits', { exact: true }).fill('25')
    await form.getByLabel('Reason (optional)').fill('Welcome bonus')
    await form.getByRole('button', { name: 'Grant' }).click()
    await form.getByRole('status').getByText(`Added 25 credits: the balance is now ${before + 25} credits.`).waitFor()
    await row.locator('td.num').first().filter({ hasText: String(before + 25) }).waitFor()
    await shot('staff-credits.png')
    // Removing more than the account has is refused, and nothing changes.
    await form.getByLabel(/Adjust/).check()
    await form.getByLabel('Credits', { exact: true }).fill(String(-(before + 1000)))
    await form.getByLabel('Reason').fill('Too much')
    await form.getByRole('button', { name: 'Adjust' }).click()
    await form.getByRole('alert').waitFor()
    await row.locator('td.num').first().filter({ hasText: String(before + 25) }).waitFor()
  },

  async staff_manages_api_tokens({ page, cfg, shot }) {
    await login(page, cfg, cfg.staff)
    await page.getByRole('link', { name: 'All API tokens' }).click()
    await page.getByLabel('Find account').fill(MEMBER_ACCOUNT)
    const picker = page.getByLabel('Account', { exact: true })
    await picker.locator('option', { hasText: MEMBER_ACCOUNT }).waitFor({ state: 'attached' })
    await picker.selectOption(await picker.locator('option', { hasText: MEMBER_ACCOUNT }).getAttribute('value'))
    await tokensListed(page)
    const form = page.getByRole('form', { name: 'New API token' })
    await form.getByLabel('Member').selectOption({ label: cfg.member.username })
    await form.getByLabel('Label').fill('Staff-made for CI')
    await form.getByLabel(/\(gpt-5\.1\)$/).check()
    await form.getByRole('button', { name: 'Create token' }).click()
    const raw = (await page.getByTestId('new-token').innerText()).trim()
    expect(/^mb_[\w-]{20,}$/.test(raw), `the new token reads "${raw}"`)
    const table = page.getByTestId('tokens')
    const row = table.locator('tr', { hasText: 'Staff-made for CI' })
    await row.getByText(`…${raw.slice(-4)}`).waitFor()
    expect((await row.innerText()).includes(cfg.member.username), 'the token does not name its member')
    await shot('staff-tokens.png')
    const me = await page.request.get(`${cfg.base}/api/v1/auth/me/`, { headers: { Authorization: `Bearer ${raw}` } })
    expect(me.status() === 200 && (await me.json()).username === cfg.member.username, `the token answers ${me.status()}`)
    await page.getByRole('button', { name: 'Done' }).click()
    expect((await page.content()).includes(raw) === false, 'the token is still on the page')
    await row.getByRole('button', { name: 'Revoke' }).click()
    await row.getByRole('button', { name: 'Revoke for good' }).click()
    await row.getByText(/^revoked /).waitFor()
    const after = await page.request.get(`${cfg.base}/api/v1/auth/me/`, { headers: { Authorization: `Bearer ${raw}` } })
    expect(after.status() === 401, `a revoked token answers ${after.status()}`)
  },

  async member_manages_own_tokens({ page, cfg, shot }) {
    await login(page, cfg, cfg.member)
    expect((await page.getByRole('link', { name: 'All API tokens' }).count()) === 0, 'a member sees the staff tokens link')
    await page.getByRole('link', { name: 'API tokens' }).click()
    await page.getByRole('heading', { name: 'API tokens' }).waitFor()
    await tokensListed(page)
    const form = page.getByRole('form', { name: 'New API token' })
    await form.getByLabel('Label').fill('My laptop')
    await form.getByRole('button', { name: 'Create token' }).click()
    const raw = (await page.getByTestId('new-token').innerText()).trim()
    await shot('member-tokens.png')
    await page.reload()
    await page.getByTestId('tokens').waitFor()
    expect(!(await page.content()).includes(raw), 'the token is shown again after a reload')
    const row = page.getByTestId('tokens').locator('tr', { hasText: 'My laptop' })
    await row.getByText(`…${raw.slice(-4)}`).waitFor()
    await row.getByText('every model').waitFor()
    await row.getByRole('button', { name: 'Edit' }).click()
    const edit = page.getByRole('form', { name: 'Edit token My laptop' })
    await edit.getByLabel('Label').fill('Old laptop')
    await edit.getByRole('checkbox').first().check()
    await edit.getByRole('button', { name: 'Save' }).click()
    const renamed = page.getByTestId('tokens').locator('tr', { hasText: 'Old laptop' })
    await renamed.waitFor()
    expect(!(await renamed.innerText()).includes('every model'), 'the model limit did not save')
    // The member's token cannot be used to change tokens, nor to reach the staff API.
    const asToken = { Authorization: `Bearer ${raw}` }
    const mint = await page.request.post(`${cfg.base}/api/v1/auth/tokens/`, { headers: asToken, data: { name: 'escape' } })
    expect(mint.status() === 403, `a token minted a token (${mint.status()})`)
    const staffApi = await apiCall(page, 'GET', '/api/v1/admin/tokens/')
    expect(staffApi.status() === 403, `the staff tokens API answered ${staffApi.status()} to a member`)
    await renamed.getByRole('button', { name: 'Revoke' }).click()
    await renamed.getByRole('button', { name: 'Revoke for good' }).click()
    await renamed.getByText(/^revoked /).waitFor()
    const after = await page.request.get(`${cfg.base}/api/v1/auth/me/`, { headers: asToken })
    expect(after.status() === 401, `a revoked token answers ${after.status()}`)
  },
}

process.exitCode = await run(scenarios)
