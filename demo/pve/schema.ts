/**
 * PVE's check of parameter values, from the API schema the real server is
 * built from (PVE 9.1's api-viewer data): required fields, types,
 * enumerations, ranges, lengths, patterns and the formats the simulator's
 * routes use. The schemas of the simulator's own routes are cut from
 * test/fixtures/pve/pve-apidoc.json into api-params.json (see
 * test/helpers/pve-params.ts), so the demo lab checks them in the packaged app
 * too. Each error is worded like PVE::JSONSchema words it and keyed by the
 * parameter's name; the caller answers them with HTTP 400 "Parameter
 * verification failed.".
 */
import params from './api-params.json';

export interface SchemaValue {
  type?: string;
  enum?: string[];
  optional?: number;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string | Record<string, unknown>;
  pattern?: string;
  properties?: Record<string, SchemaValue>;
  items?: SchemaValue;
}

const routeParams = params as Record<string, Record<string, SchemaValue> | undefined>;

const vmidOk = (v: string): boolean => /^[1-9]\d{2,8}$/.test(v);

/** The string formats the simulator's routes take, with PVE's words for a bad value. */
const formats: Record<string, (v: string) => string | null> = {
  'pve-vmid': (v) => (vmidOk(v) ? null : 'value does not look like a valid VM ID'),
  'pve-vmid-list': (v) => (v.split(/[,;\s]+/).filter(Boolean).every(vmidOk) ? null : 'value does not look like a valid VM ID'),
  'pve-node': (v) => (/^(?=.{1,63}$)[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?$/.test(v) ? null : 'value does not look like a valid node name'),
  // pve-common's pve_verify_configid (snapshot names).
  'pve-configid': (v) => (/^[a-z][a-z0-9_]+$/i.test(v) ? null : `invalid configuration ID '${v}'`),
  'pve-storage-id': (v) => (/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i.test(v) ? null : `storage ID '${v}' contains illegal characters`),
};

const isBoolean = (v: string): boolean => /^(1|0|on|off|yes|no|true|false)$/i.test(v);
const isInteger = (v: string): boolean => /^[+-]?\d+$/.test(v);
const isNumber = (v: string): boolean => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v);

/** What PVE says about one value, or null when it passes. */
export function checkValue(value: string, s: SchemaValue): string | null {
  const type = s.type ?? 'string';
  if (type === 'boolean' && !isBoolean(value)) return `type check ('boolean') failed - got '${value}'`;
  if (type === 'integer' && !isInteger(value)) return `type check ('integer') failed - got '${value}'`;
  if (type === 'number' && !isNumber(value)) return `type check ('number') failed - got '${value}'`;
  if (type === 'integer' || type === 'number') {
    const n = Number(value);
    if (s.minimum !== undefined && n < s.minimum) return `value must have a minimum value of ${s.minimum}`;
    if (s.maximum !== undefined && n > s.maximum) return `value must have a maximum value of ${s.maximum}`;
  }
  if (type === 'string') {
    if (s.maxLength !== undefined && value.length > s.maxLength) return `value may only be ${s.maxLength} characters long`;
    if (s.pattern !== undefined && !new RegExp(`^${s.pattern}$`).test(value)) return 'value does not match the regex pattern';
  }
  if (s.enum && !s.enum.includes(value)) return `value '${value}' does not have a value in the enumeration '${s.enum.join(', ')}'`;
  if (typeof s.format === 'string' && formats[s.format]) {
    const bad = formats[s.format](value);
    if (bad) return `invalid format - ${bad}`;
  }
  return null;
}

/**
 * The parameters of a request that PVE would refuse, by name, or null when all
 * pass. Paths the schema does not know are left alone (a test keeps every
 * simulator route in the schema).
 */
export function verifyParams(method: string, path: string, given: Record<string, string>): Record<string, string> | null {
  const props = routeParams[`${method} ${path}`];
  if (!props) return null;
  const errors: Record<string, string> = {};
  for (const [name, s] of Object.entries(props)) {
    const value = given[name];
    if (value === undefined) {
      if (!s.optional) errors[name] = 'property is missing and it is not optional';
      continue;
    }
    const bad = checkValue(value, s);
    if (bad) errors[name] = bad;
  }
  return Object.keys(errors).length ? errors : null;
}
