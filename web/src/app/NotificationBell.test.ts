// @vitest-environment node
import { describe, expect, it } from "vitest";
import { badgeText, unreadLabel } from "./NotificationBell";

describe("16 the header's notification bell", () => {
  it("16 its accessible name says how many are unread, as the badge shows", () => {
    expect(unreadLabel(0)).toBe("Notifications, none unread");
    expect(unreadLabel(undefined)).toBe("Notifications, none unread");
    expect(unreadLabel(3)).toBe("Notifications, 3 unread");
  });

  it("16 the badge stays small: 99+ above 99", () => {
    expect(badgeText(1)).toBe("1");
    expect(badgeText(99)).toBe("99");
    expect(badgeText(100)).toBe("99+");
  });
});
