/**
 * Table output of custom resources from a CRD version's `additionalPrinterColumns`, as
 * upstream's CRD table convertor: a `Name` column, then each declared column (its JSONPath
 * evaluated on the object, the first match converted by the column's type); without declared
 * columns, `Age` (a date from `.metadata.creationTimestamp`). Date cells are ages (`3m`).
 */
import { age } from '../../api/duration.js';
import { isPlainObject } from '../../api/object.js';
import { goFormatNumber } from '../patch/go_format.js';
import { CREATION_TIMESTAMP_DESCRIPTION, NAME_COLUMN } from '../registry/builtin/define.js';
import type { PrinterColumn, RowPrinter } from '../registry/resource.js';
import type { JsonPathStep } from './jsonpath.js';
import { evaluateJsonPath, parseJsonPath } from './jsonpath.js';

/** `CustomResourceColumnDefinition`. */
export interface CustomResourceColumn {
  name: string;
  type: string;
  format?: string;
  description?: string;
  priority?: number;
  jsonPath: string;
}

/** The column upstream serves when a version declares none. */
export const DEFAULT_CUSTOM_COLUMNS: readonly CustomResourceColumn[] = [
  {
    name: 'Age',
    type: 'date',
    description: CREATION_TIMESTAMP_DESCRIPTION,
    jsonPath: '.metadata.creationTimestamp',
  },
];

/** The text jsonpath prints for a value: JSON for objects and arrays, Go's `%v` otherwise. */
function printed(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v) || isPlainObject(v)) return JSON.stringify(v);
  if (typeof v === 'number') return goFormatNumber(v);
  return String(v);
}

/**
 * A cell of a typed column, as upstream's `cellForJSONValue`; null when the value does not fit.
 * Dates print as their age at `now` (`5m10s`), as upstream's convertor does.
 */
export function cellFor(type: string, v: unknown, now: Date): unknown {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'string':
      return printed(v);
    case 'integer':
      return typeof v === 'number' ? Math.trunc(v) : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'date': {
      if (typeof v !== 'string') return null;
      return Number.isNaN(Date.parse(v)) || !/^\d{4}-\d{2}-\d{2}T/.test(v) ? '<invalid>' : age(v, now);
    }
    default:
      return null;
  }
}

/** The table columns and row printer of a version's printer columns (defaults when empty). */
export function customResourceTable(declared: readonly CustomResourceColumn[]): {
  columns: PrinterColumn[];
  printRow: RowPrinter;
} {
  const cols = declared.length > 0 ? declared : DEFAULT_CUSTOM_COLUMNS;
  const paths: Array<JsonPathStep[] | null> = cols.map((c) => {
    try {
      return parseJsonPath(c.jsonPath);
    } catch {
      return null;
    }
  });
  const columns: PrinterColumn[] = [
    { ...NAME_COLUMN, priority: 0 },
    ...cols.map((c) => ({
      name: c.name,
      type: c.type,
      format: c.format ?? '',
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath}`,
      priority: c.priority ?? 0,
    })),
  ];
  const printRow: RowPrinter = (obj, now) => [
    obj.metadata.name ?? '',
    ...cols.map((c, i) => {
      const steps = paths[i];
      if (!steps) return null;
      const found = evaluateJsonPath(steps, obj);
      return found.length ? cellFor(c.type, found[0], now) : null;
    }),
  ];
  return { columns, printRow };
}
