import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { RouterProvider, createMemoryRouter } from 'react-router'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api } from '../api/client'
import { ACCOUNT_STORAGE_KEY } from '../store/account'
import { Layout } from './Layout'

function json(body: unknown, status = 200) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

const ACCOUNTS = [{ id: 1, name: 'Shop', role: 'owner' }, { id: 7, name: 'Agency', role: 'member' }]

function me(accountId: number) {
  const account = ACCOUNTS.find((a) => a.id === accountId)!
  return { id: 3, username: 'sam@example.com', email: 'sam@example.com', is_staff: false,
    account: { id: account.id, name: account.name }, role: account.role, accounts: ACCOUNTS }
}

const header = (init: RequestInit | undefined) => (init?.headers as Record<string, string> | undefined)?.['X-Account-Id']

beforeEach(() => {
  vi.stubGlobal('fetch', vi.fn(async (url: string, init?: RequestInit) => {
    const chosen = header(init)
    if (chosen === '99') return json({ error: { code: 'not_a_member', message: 'You are not a member of that account.' } }, 403)
    if (url.endsWith('/auth/me/')) return json(me(Number(chosen ?? 1)))
    if (url.includes('/settings/user/')) return json([])
    return json({ error: { code: 'not_found', message: 'Not found.' } }, 404)
  }))
})

afterEach(() => vi.unstubAllGlobals())

function renderLayout(path = '/usage') {
  const router = createMemoryRouter([{ element: <Layout />, children: [
    { path: 'usage', element: <h1>Usage</h1> }, { path: 'jobs', element: <h1>Jobs page</h1> },
  ] }], { initialEntries: [path] })
  render(<QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}><RouterProvider router={router} /></QueryClientProvider>)
}

describe('the shell', () => {
  it('starts with a skip link to the content', async () => {
    renderLayout()
    const skip = screen.getByRole('link', { name: 'Skip to content' })
    expect(skip).toHaveAttribute('href', '#main')
    expect(document.getElementById('main')).toHaveAttribute('tabindex', '-1')
  })

  it('folds the navigation behind a Menu button that says whether it is open, closing on a choice', async () => {
    renderLayout()
    const menu = screen.getByRole('button', { name: 'Menu' })
    expect(menu).toHaveAttribute('aria-expanded', 'false')
    expect(menu).toHaveAttribute('aria-controls', 'main-nav')
    fireEvent.click(menu)
    expect(menu).toHaveAttribute('aria-expanded', 'true')
    expect(document.getElementById('main-nav')).toHaveClass('open')
    fireEvent.click(screen.getByRole('link', { name: 'Jobs' }))
    await screen.findByRole('heading', { name: 'Jobs page' })
    expect(menu).toHaveAttribute('aria-expanded', 'false')
  })

  it('switches account: every request then carries X-Account-Id', async () => {
    renderLayout()
    const select = await screen.findByLabelText('Account')
    expect(select).toHaveValue('1')
    fireEvent.change(select, { target: { value: '7' } })
    await waitFor(() => expect(screen.getByTestId('who')).toHaveTextContent('sam@example.com · Agency'))
    expect(localStorage.getItem(ACCOUNT_STORAGE_KEY)).toBe('7')
    const last = vi.mocked(fetch).mock.calls.at(-1)!
    expect(header(last[1])).toBe('7')
  })

  it('forgets an account the person is no longer in and asks again without it', async () => {
    localStorage.setItem(ACCOUNT_STORAGE_KEY, '99')
    const body = await api.get<{ account: { id: number } }>('auth/me/')
    expect(body.account.id).toBe(1)
    expect(localStorage.getItem(ACCOUNT_STORAGE_KEY)).toBeNull()
  })

  it('offers no switcher to a person in one account', async () => {
    vi.mocked(fetch).mockImplementation(async (url) => String(url).endsWith('/auth/me/')
      ? json({ ...me(1), accounts: [ACCOUNTS[0]] }) : json([]))
    renderLayout()
    await screen.findByTestId('who')
    expect(screen.queryByLabelText('Account')).toBeNull()
  })
})
