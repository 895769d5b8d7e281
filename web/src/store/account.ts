// The account a person in several accounts acts in: sent as X-Account-Id on every API request
// (accounts/authentication.py). Kept in this browser; null means "my first account".

export const ACCOUNT_STORAGE_KEY = 'modelbank.account'

export function chosenAccount(): number | null {
  try {
    const raw = localStorage.getItem(ACCOUNT_STORAGE_KEY)
    const id = raw === null ? NaN : Number(raw)
    return Number.isSafeInteger(id) && id > 0 ? id : null
  } catch {
    return null
  }
}

export function chooseAccount(id: number | null): void {
  try {
    if (id === null) localStorage.removeItem(ACCOUNT_STORAGE_KEY)
    else localStorage.setItem(ACCOUNT_STORAGE_KEY, String(id))
  } catch {
    // Storage may be off (private mode): the choice then lasts until the page reloads.
  }
}
