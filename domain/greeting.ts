// What the bot tells a person who opens it and belongs to a company group: their companies (with
// the requests waiting for them where they are an admin), what they can do in the private chat,
// and registration by IIN offered for terminal punches, not demanded.
import type { MessagePart } from './messages';

export interface CompanyStanding {
  name: string;
  /** Requests waiting for this person's decision; null where they are not an admin. */
  pendingDecisions: number | null;
}

/** Their companies, then the commands for requests and the month. */
export function companyParts(companies: CompanyStanding[]): MessagePart[] {
  return [
    { key: 'greeting.companies' },
    ...companies.map((c): MessagePart =>
      c.pendingDecisions === null
        ? { key: 'greeting.company', params: { company: c.name } }
        : { key: 'greeting.company.admin', params: { company: c.name, count: c.pendingDecisions } },
    ),
    { key: 'greeting.commands' },
  ];
}

/** For someone not registered by IIN: hello, their companies and commands, and the registration offer. */
export function greetingParts(name: string, companies: CompanyStanding[]): MessagePart[] {
  return [{ key: 'greeting.hello', params: { name } }, ...companyParts(companies), { key: 'greeting.iinOffer' }];
}
