// The one way the UI talks to modelbank: same-origin JSON, the session cookie, the CSRF token
// echoed in X-CSRFToken on every unsafe request, and the chosen account in X-Account-Id.
import { chooseAccount, chosenAccount } from '../store/account'

export const API_ROOT = '/api/v1'

/** The body of every modelbank error: {"error": {"code", "message", ...extra}}. */
export interface ApiErrorBody {
  code: string
  message: string
  [extra: string]: unknown
}

export class ApiError extends Error {
  readonly status: number
  readonly body: ApiErrorBody

  constructor(status: number, body: ApiErrorBody) {
    super(body.message)
    this.name = 'ApiError'
    this.status = status
    this.body = body
  }

  get code(): string {
    return this.body.code
  }
}

export function readCookie(name: string): string | null {
  const prefix = `${name}=`
  for (const part of document.cookie.split(';')) {
    const item = part.trim()
    if (item.startsWith(prefix)) return decodeURIComponent(item.slice(prefix.length))
  }
  return null
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Turns any error payload (DRF validation errors included) into {code, message}. */
export function toErrorBody(status: number, payload: unknown): ApiErrorBody {
  if (payload && typeof payload === 'object' && 'error' in payload) {
    const error = (payload as { error: unknown }).error
    if (error && typeof error === 'object' && 'message' in error) {
      const body = error as ApiErrorBody
      return { ...body, code: String(body.code ?? 'error'), message: String(body.message) }
    }
  }
  if (payload && typeof payload === 'object' && 'detail' in payload) {
    return { code: `http_${status}`, message: String((payload as { detail: unknown }).detail) }
  }
  return { code: `http_${status}`, message: `The server answered ${status}.` }
}

export async function ensureCsrf(): Promise<string | null> {
  const existing = readCookie('csrftoken')
  if (existing) return existing
  await fetch(`${API_ROOT}/auth/csrf/`, { credentials: 'same-origin' })
  return readCookie('csrftoken')
}

/** The response to one request, sent again once without the account choice if the server says
 *  the person is not a member of that account any more (they left it, or another person signed in). */
export async function send(path: string, init: { method?: string; body?: unknown; accept?: string } = {}): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase()
  const headers: Record<string, string> = { Accept: init.accept ?? 'application/json' }
  if (init.body !== undefined) headers['Content-Type'] = 'application/json'
  if (UNSAFE.has(method)) {
    const token = await ensureCsrf()
    if (token) headers['X-CSRFToken'] = token
  }
  const account = chosenAccount()
  if (account !== null) headers['X-Account-Id'] = String(account)
  const response = await fetch(path.startsWith('/') ? path : `${API_ROOT}/${path}`, {
    method,
    headers,
    credentials: 'same-origin',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  })
  if (account !== null && response.status === 403 && (await response.clone().text()).includes('"not_a_member"')) {
    chooseAccount(null)
    return send(path, init)
  }
  return response
}

export async function apiFetch<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await send(path, init)
  if (response.status === 204) return undefined as T
  const text = await response.text()
  let payload: unknown = null
  if (text) {
    try {
      payload = JSON.parse(text)
    } catch {
      payload = null
    }
  }
  if (!response.ok) throw new ApiError(response.status, toErrorBody(response.status, payload))
  return payload as T
}

export const api = {
  get: <T>(path: string) => apiFetch<T>(path),
  post: <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: 'POST', body }),
  put: <T>(path: string, body?: unknown) => apiFetch<T>(path, { method: 'PUT', body }),
  delete: <T>(path: string) => apiFetch<T>(path, { method: 'DELETE' }),
}
