import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateNames } from './crd_names.js';

const crd = (names: Record<string, unknown>, accepted?: Record<string, unknown>, conditions?: unknown[]) => ({
  spec: { names },
  status: { acceptedNames: accepted ?? { plural: '', kind: '' }, ...(conditions ? { conditions } : {}) },
});
const widgetNames = {
  plural: 'widgets',
  singular: 'widget',
  kind: 'Widget',
  listKind: 'WidgetList',
  shortNames: ['wd'],
};

describe('calculateNames', () => {
  it('accepts every name when nothing conflicts, and says the CRD is installing', () => {
    const r = calculateNames(crd(widgetNames), []);
    assert.deepEqual(r.acceptedNames, widgetNames);
    assert.deepEqual(r.namesAccepted, {
      type: 'NamesAccepted',
      status: 'True',
      reason: 'NoConflicts',
      message: 'no conflicts found',
    });
    assert.equal(r.established.reason, 'Installing');
    assert.equal(r.established.status, 'False');
  });

  it('refuses a kind another CRD of the group has accepted', () => {
    const other = crd({}, { plural: 'gadgets', kind: 'Widget', listKind: 'WidgetList' });
    const r = calculateNames(crd(widgetNames), [other]);
    assert.equal(r.namesAccepted.status, 'False');
    assert.equal(r.namesAccepted.reason, 'ListKindConflict');
    assert.equal(r.acceptedNames.kind, '');
    assert.equal(r.acceptedNames.plural, 'widgets');
    assert.equal(r.established.reason, 'NotAccepted');
    assert.equal(r.established.message, 'not all names are accepted');
  });

  it('reports a short name conflict with upstream text', () => {
    const other = crd({}, { plural: 'gadgets', kind: 'Gadget', shortNames: ['wd'] });
    const r = calculateNames(crd(widgetNames), [other]);
    assert.equal(r.namesAccepted.reason, 'ShortNamesConflict');
    assert.equal(r.namesAccepted.message, '"wd" is already in use');
    assert.equal(r.acceptedNames.shortNames, undefined);
    assert.equal(r.acceptedNames.kind, 'Widget');
  });

  it('keeps names it already accepted even if another CRD claims them', () => {
    const mine = crd(widgetNames, widgetNames, [
      { type: 'Established', status: 'True', reason: 'InitialNamesAccepted' },
    ]);
    const other = crd({}, { plural: 'gadgets', kind: 'Widget' });
    const r = calculateNames(mine, [other]);
    assert.equal(r.namesAccepted.status, 'True');
    assert.equal(r.established.status, 'True');
  });
});
