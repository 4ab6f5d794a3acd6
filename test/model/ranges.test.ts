/** Issue 20 item 10: one number parser, one clock rule, one id rule and one range table (src/model/ranges.ts). */
import { describe, expect, test } from 'vitest';
import { formatDecimal, idKey, idProblem, parseDayClock, parseDecimal } from '../../src/model/ranges.ts';
import { validateScenario } from '../../src/model/validate.ts';
import { readScenarioFolder } from '../../src/io/scenario-folder.ts';
import { TINY_DIR } from '../server/helpers.ts';

describe('ranges', () => {
  test('plain decimals only: no hex, binary, exponent, Infinity or odd white space', () => {
    expect(['12', '-3.5', '.5', '7.', ' 4 '].map(parseDecimal)).toEqual([12, -3.5, 0.5, 7, 4]);
    for (const t of ['0x10', '1e3', '0b11', '0o7', 'Infinity', 'NaN', '', '1_000', '\u00a05', '５', '1\n'])
      expect(parseDecimal(t), t).toBeNull();
    for (const n of [1e-7, 0.1 + 0.2, 123.456, -5e-12, 1.2345e-12, -2.5e-9, 1e20]) {
      expect(formatDecimal(n), String(n)).not.toMatch(/e/i);
      expect(parseDecimal(formatDecimal(n))).toBe(n);
    }
    expect(formatDecimal(1e-7)).toBe('0.0000001');
  });
  test('clock times 00:00-24:00 only', () => {
    expect(['00:00', '8:30', '24:00'].map(parseDayClock)).toEqual([0, 510, 1440]);
    for (const t of ['25:00', '24:01', '12:60', '8h']) expect(parseDayClock(t), t).toBeNull();
  });
  test('ids: safe set, no invisible characters, unique ignoring case and width', () => {
    expect(idProblem('V1')).toBeNull();
    expect(idProblem('HUB-130425101')).toBeNull();
    expect(idProblem('em\u200bs')).toMatch(/invisible/);
    expect(idProblem('\u0435ms')).toMatch(/not a safe id/); // Cyrillic е
    expect(idKey('EMS')).toBe(idKey('ems'));
    expect(idKey('ＥＭＳ')).toBe(idKey('ems'));
  });
  test('the validator refuses population 1e300, shift_end 25:00, road speed −5 and EMS beside ems', () => {
    const s = readScenarioFolder(TINY_DIR);
    s.places[3] = { ...s.places[3], population: 1e300 };
    s.fleet[0] = { ...s.fleet[0], shiftEnd: '25:00' };
    s.carriers.push({ id: 'EMS', name: 'dup' });
    if (s.roads.format === 'geojson') s.roads.data.features[0].properties.speedKmh = -5;
    const text = validateScenario(s).map((i) => `${i.file}:${i.field}: ${i.message}`);
    expect(text.some((t) => t.startsWith('places.csv:population: at most'))).toBe(true);
    expect(text.some((t) => t.startsWith('fleet.csv:shift_end:'))).toBe(true);
    expect(text.some((t) => t.startsWith('carriers.csv:id: duplicate id "EMS"'))).toBe(true);
    if (s.roads.format === 'geojson') expect(text.some((t) => t.includes('speedKmh: must be >'))).toBe(true);
  });
});
