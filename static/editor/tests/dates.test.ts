// Date-based entry and weekday waits as the node cards and panels read them (design §14).
import { describe, expect, it } from "vitest";
import {
  DATE_TRIGGER_DEFAULT,
  SCHEDULE_TRIGGER_DEFAULT,
  describeDateTrigger,
  describeSchedule,
  describeWeekdays,
  isDateTrigger,
  isScheduleTrigger,
  normalizeWeekdays,
  textToDates,
} from "../src/dates";
import { dateMode, dateModeDefault } from "../src/components/DateTriggerModes";

describe("date triggers", () => {
  it("reads offsets before, on and after the date", () => {
    const base = { date_trait: "birthday", at: "10:00", timezone: "contact", yearly: true };
    expect(describeDateTrigger({ ...base, offset_days: -3 })).toBe("3 days before birthday, 10:00 contact's time, every year");
    expect(describeDateTrigger({ ...base, offset_days: 0 })).toBe("on birthday, 10:00 contact's time, every year");
    expect(describeDateTrigger({ ...base, offset_days: 1, timezone: "Asia/Shanghai", yearly: false })).toBe(
      "1 day after birthday, 10:00 Asia/Shanghai",
    );
  });

  it("tells a schedule (which names a segment key) from a date trigger and from other triggers", () => {
    expect(dateMode({ date_trait: "birthday" })).toBe("date");
    expect(dateMode({ schedule: { every: "day" }, segment: "vip", at: "10:00" })).toBe("schedule");
    expect(dateMode({ segment: "vip", on: "enter" })).toBeNull();
    expect(dateMode({ event: "signed_up" })).toBeNull();
    expect(isDateTrigger(DATE_TRIGGER_DEFAULT)).toBe(true);
    expect(isScheduleTrigger(SCHEDULE_TRIGGER_DEFAULT)).toBe(true);
  });

  it("starts each mode from a fresh copy of its default", () => {
    const a = dateModeDefault("schedule");
    (a.schedule as Record<string, unknown>).weekday = "sun";
    expect((dateModeDefault("schedule").schedule as Record<string, unknown>).weekday).toBe("mon");
  });
});

describe("schedules", () => {
  it("reads every kind of schedule", () => {
    const base = { at: "10:00", timezone: "UTC", segment: "vip" };
    expect(describeSchedule({ ...base, schedule: { every: "day" } })).toBe("every day, 10:00 UTC");
    expect(describeSchedule({ ...base, schedule: { every: "week", weekday: "mon" } })).toBe("every week on mon, 10:00 UTC");
    expect(describeSchedule({ ...base, schedule: { every: "month", day: 15 } })).toBe("every month on day 15, 10:00 UTC");
    expect(describeSchedule({ ...base, schedule: { dates: ["2027-02-06"] } })).toBe("on 2027-02-06, 10:00 UTC");
    expect(describeSchedule({ ...base, schedule: { dates: ["a", "b", "c", "d", "e"] } })).toBe("on a, b, c +2, 10:00 UTC");
  });

  it("parses typed dates, commas or spaces", () => {
    expect(textToDates("2027-02-06, 2027-09-15\n2028-01-01 ,")).toEqual(["2027-02-06", "2027-09-15", "2028-01-01"]);
    expect(textToDates("  ")).toEqual([]);
  });
});

describe("weekday waits", () => {
  it("keeps weekdays in week order, once, known names only", () => {
    expect(normalizeWeekdays(["fri", "mon", "fri", "funday"])).toEqual(["mon", "fri"]);
  });

  it("names working days and the weekend", () => {
    expect(describeWeekdays(["mon", "tue", "wed", "thu", "fri"])).toBe("on weekdays");
    expect(describeWeekdays(["sun", "sat"])).toBe("on the weekend");
    expect(describeWeekdays(["tue", "mon"])).toBe("on mon, tue");
    expect(describeWeekdays([])).toBe("");
  });
});
