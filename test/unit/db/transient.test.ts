import { isTransientDbError } from '../../../db/transient';

test.each([
  ['the server restarting', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
  ['the server starting up', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
  ['a connection failure', Object.assign(new Error('connection failure'), { code: '08006' })],
  ['a serialization conflict', Object.assign(new Error('could not serialize access'), { code: '40001' })],
  ['too many clients', Object.assign(new Error('sorry, too many clients already'), { code: '53300' })],
  ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ['a dropped connection', new Error('Connection terminated unexpectedly')],
  ['a pool wait that ran out', new Error('timeout exceeded when trying to connect')],
  ['a refusal on every address', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])],
  ['a wrapped cause', new Error('loading the rules failed', { cause: Object.assign(new Error('x'), { code: '57P01' }) })],
])('When the error is %s, then it is worth trying again', (_what, err) => {
  expect(isTransientDbError(err)).toBe(true);
});

test.each([
  ['a unique violation', Object.assign(new Error('duplicate key'), { code: '23505' })],
  ['bad input', Object.assign(new Error('invalid input syntax'), { code: '22P02' })],
  ['a row-level security refusal', Object.assign(new Error('new row violates row-level security policy'), { code: '42501' })],
  ['a Telegram refusal', Object.assign(new Error("Call to 'sendMessage' failed! (400: Bad Request)"), { error_code: 400 })],
  ['no error at all', undefined],
  ['a string', 'ECONNREFUSED'],
])('When the error is %s, then it is not tried again', (_what, err) => {
  expect(isTransientDbError(err)).toBe(false);
});
