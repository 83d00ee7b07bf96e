// What is wrong with a field the API refuses (400 invalid-input), as data: the API answers it and
// the panel says it in the company's two languages. Pure and without imports, like
// workday-bounds.ts, so the panel takes the same type.

/** The formats a text field can be required to have. */
export type InputFormat =
  | 'date'
  | 'real-date'
  | 'month'
  | 'time'
  | 'currency'
  | 'time-zone'
  | 'request-id'
  | 'lowercase-name'
  | 'column-name'
  | 'postgres-url'
  | 'json';

/** What a value is required to be, when it is of another type altogether. */
export type InputType = 'number' | 'whole-number' | 'text' | 'list' | 'yes-no' | 'object';

/** What is measured by a limit: a number's value, a text's characters or a list's items. */
export type LimitOf = 'number' | 'text' | 'list';

/** Why an amount a person typed is refused (domain/money-input.ts). */
export type AmountRefusal = 'not-a-number' | 'not-positive' | 'too-precise' | 'too-large';

export type InputProblem =
  | { code: 'required' }
  | { code: 'wrong-type'; expected: InputType }
  | { code: 'too-small' | 'too-big'; of: LimitOf; limit: number; inclusive: boolean }
  | { code: 'format'; format: InputFormat }
  | { code: 'one-of'; options: string[] }
  | { code: 'unknown-field' }
  /** A date before `date` (the company's today). */
  | { code: 'not-before'; date: string }
  /** An amount typed in the currency's major units, refused for `reason`. */
  | { code: 'money'; reason: AmountRefusal; currency: string; decimals: number; maximum: number }
  | { code: 'invalid' };
