// A day on the calendar with no time and no timezone: the parser works in the store's
// wall-clock dates, so arithmetic must never pass through the server's local time.
// Internally a count of days since 1970-01-01, which makes adding days and comparing trivial.
const MS_PER_DAY = 86_400_000;

export class CalendarDate {
  private constructor(private readonly dayNumber: number) {}

  /** The date, or null when it does not exist (2月30日 must not roll over into March). */
  static of(year: number, month: number, day: number): CalendarDate | null {
    if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
    const ms = Date.UTC(year, month - 1, day);
    const back = new Date(ms);
    if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null;
    return new CalendarDate(ms / MS_PER_DAY);
  }

  get year(): number {
    return this.utc().getUTCFullYear();
  }

  get month(): number {
    return this.utc().getUTCMonth() + 1;
  }

  get day(): number {
    return this.utc().getUTCDate();
  }

  /** 1 = Monday … 7 = Sunday: weeks run Monday to Sunday in conventions.md. */
  get isoWeekday(): number {
    return ((this.utc().getUTCDay() + 6) % 7) + 1;
  }

  addDays(days: number): CalendarDate {
    return new CalendarDate(this.dayNumber + days);
  }

  /** Negative when this date is earlier than `other`. */
  compare(other: CalendarDate): number {
    return this.dayNumber - other.dayNumber;
  }

  /** YYYY-MM-DD */
  toString(): string {
    return this.utc().toISOString().slice(0, 10);
  }

  private utc(): Date {
    return new Date(this.dayNumber * MS_PER_DAY);
  }
}
