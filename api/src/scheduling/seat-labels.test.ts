import { describe, expect, it } from 'vitest';
import { buildSeatMap, defaultMachineId, firstDuplicate, lastUsableSeats, seatLabel } from './seat-labels.js';

describe('seat labels', () => {
  it('labels seats row-column with two digits', () => {
    expect(seatLabel(1, 3)).toBe('01-03');
    expect(seatLabel(20, 12)).toBe('20-12');
  });

  it('numbers machines in seat order, with three digits past 99 seats', () => {
    expect(defaultMachineId('第1机房', 0, 30)).toBe('第1机房-PC01');
    expect(defaultMachineId('A', 99, 400)).toBe('A-PC100');
    expect(defaultMachineId('A', 0, 400)).toBe('A-PC001');
    expect(defaultMachineId('第 2 机房', 0, 30)).toBe('第2机房-PC01');
  });

  it('builds the seat map front to back, left to right, with the last seats spare', () => {
    const seats = buildSeatMap({ roomName: 'R', computer: true, rows: 2, columns: 3, spareSeats: 2 });
    expect(seats.map((s) => s.label)).toEqual(['01-01', '01-02', '01-03', '02-01', '02-02', '02-03']);
    expect(seats.filter((s) => s.spare).map((s) => s.label)).toEqual(['02-02', '02-03']);
    expect(seats[4]!.machineId).toBe('R-PC05');
    const given = buildSeatMap({
      roomName: 'R',
      computer: true,
      rows: 1,
      columns: 2,
      spareSeats: 0,
      machineIds: ['X1', 'X2'],
    });
    expect(given.map((s) => s.machineId)).toEqual(['X1', 'X2']);
    const meeting = buildSeatMap({ roomName: 'M', computer: false, rows: 1, columns: 2, spareSeats: 0 });
    expect(meeting.every((s) => s.machineId === null && !s.spare)).toBe(true);
  });

  it('finds duplicates and the last usable seats, skipping disabled ones', () => {
    expect(firstDuplicate(['a', 'b', 'a'])).toBe('a');
    expect(firstDuplicate(['a', 'b'])).toBeNull();
    const seats = [
      { id: 'c', row: 2, column: 1, disabled: false },
      { id: 'd', row: 2, column: 2, disabled: true },
      { id: 'a', row: 1, column: 1, disabled: false },
      { id: 'b', row: 1, column: 2, disabled: false },
    ];
    expect(lastUsableSeats(seats, 2)).toEqual(['b', 'c']);
    expect(lastUsableSeats(seats, 0)).toEqual([]);
  });
});
