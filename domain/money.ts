// Money is integer minor units with an ISO 4217 currency.

const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX']);

export function currencyDecimals(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

/** 120000 KZT minor units -> "1,200.00 KZT". */
export function formatMoney(minor: number, currency: string): string {
  const decimals = currencyDecimals(currency);
  const negative = minor < 0;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 10 ** decimals);
  const fraction = decimals ? `.${String(abs % 10 ** decimals).padStart(decimals, '0')}` : '';
  return `${negative ? '-' : ''}${whole.toLocaleString('en-US')}${fraction} ${currency.toUpperCase()}`;
}
