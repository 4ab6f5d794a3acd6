/**
 * Solomon reader: conventions and errors that name the file, line and field (the BKS recomputation of
 * Solomon instances is in vrplib.test.ts, next to the VRPLIB ones).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSolomon } from '../../src/io/solomon.ts';

const dir = path.resolve(import.meta.dirname, '../../data/benchmarks');
const text = (name: string): string => readFileSync(path.join(dir, name), 'utf8');

describe('readSolomon', () => {
  it('reads C101: fleet, windows, service, depot due date as shift end, truncated distances', () => {
    const read = readSolomon(text('C101.txt'));
    const { problem } = read;
    expect(read.name).toBe('C101');
    expect(problem.jobs).toHaveLength(100);
    expect(problem.vehicles[0]).toMatchObject({ count: 25, capacity: [200], twStart: 0, twEnd: 1236 });
    expect(problem.jobs[0]).toMatchObject({
      id: '1',
      location: 1,
      delivery: [10],
      service: 90,
      timeWindows: [[912, 967]],
    });
    // depot (40,50) – customer 1 (45,68): sqrt(25 + 324) = 18.681… → 18.6
    expect(problem.distances[1]).toBe(18.6);
    expect(problem.durations[1]).toBe(18.6);
  });

  it('reports malformed rows with file, line and field', () => {
    const lines = text('C101.txt').split('\n');
    const bad = lines.slice();
    bad[12] = bad[12].replace(/\s+10\s+/, ' ten ');
    expect(() => readSolomon(bad.join('\n'), { source: 'C101.txt' })).toThrow(
      'C101.txt:13:DEMAND: expected a number, got "ten"',
    );
    const swapped = lines.slice();
    swapped[10] = '    1      45         68         10        967        912         90   ';
    expect(() => readSolomon(swapped.join('\n'), { source: 'C101.txt' })).toThrow(
      'C101.txt:11:DUE DATE: due date 912 before ready time 967',
    );
    expect(() => readSolomon('X\n\nVEHICLE\nNUMBER CAPACITY\n 25 200\n', { source: 's.txt' })).toThrow(
      's.txt:-:CUSTOMER: missing CUSTOMER section',
    );
  });
});
