// A local BioTime stand-in for trying the product: schema, trigger and a few employees
// with valid IINs (the directory is keyed by emp_code = IIN by default).
import type { Pool } from 'pg';
import { createDemoBiotimeSchema, installBiotimeTrigger } from '../db/biotime-source';
import type { BiotimeTable } from '../domain/biotime';

export const DEMO_EMPLOYEES = [
  { empCode: '791028302728', firstName: 'Aida', lastName: 'Nurlanova', mobile: '+77010000001' },
  { empCode: '061211600012', firstName: 'Li', lastName: 'Wei', mobile: '+77010000002' },
  { empCode: '900101300017', firstName: 'Daniyar', lastName: 'Sadykov', mobile: '+77010000003' },
] as const;

export async function prepareDemoBiotime(pool: Pool, table: BiotimeTable): Promise<void> {
  await createDemoBiotimeSchema(pool);
  for (const e of DEMO_EMPLOYEES) {
    await pool.query(
      `INSERT INTO personnel_employee (emp_code, first_name, last_name, mobile, ssn) VALUES ($1, $2, $3, $4, $1)
       ON CONFLICT (emp_code) DO NOTHING`,
      [e.empCode, e.firstName, e.lastName, e.mobile],
    );
  }
  await installBiotimeTrigger(pool, table);
}
