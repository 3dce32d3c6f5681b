using HandoffRules.Model;
using HandoffRules.Routing;

namespace HandoffRules.Tests.Routing;

public sealed class BusinessClockTests
{
    private static readonly BusinessClock NewYork = new(new BusinessHours(
        "America/New_York", new TimeOnly(9, 0), new TimeOnly(17, 0),
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday],
        [new DateOnly(2026, 11, 26)]));

    [Theory]
    [InlineData("2026-11-02T14:00:00Z", 60, "2026-11-02T15:00:00Z")] // Monday 09:00 + 1h
    [InlineData("2026-11-02T11:00:00Z", 30, "2026-11-02T14:30:00Z")] // before opening: from 09:00
    [InlineData("2026-11-02T21:30:00Z", 90, "2026-11-03T15:00:00Z")] // 16:30 + 1h30 runs into Tuesday 10:00
    [InlineData("2026-11-06T21:30:00Z", 60, "2026-11-09T14:30:00Z")] // Friday 16:30 + 1h → Monday 09:30
    [InlineData("2026-11-06T21:00:00Z", 60, "2026-11-06T22:00:00Z")] // Friday 16:00 + 1h is closing time
    [InlineData("2026-11-07T15:00:00Z", 15, "2026-11-09T14:15:00Z")] // Saturday → Monday 09:15
    [InlineData("2026-11-25T21:00:00Z", 120, "2026-11-27T15:00:00Z")] // Thanksgiving is closed
    [InlineData("2026-10-30T20:00:00Z", 120, "2026-11-02T15:00:00Z")] // across the end of daylight saving
    public void Adds_business_time(string start, int minutes, string due)
    {
        Assert.Equal(DateTimeOffset.Parse(due, System.Globalization.CultureInfo.InvariantCulture),
            NewYork.Add(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromMinutes(minutes)));
    }

    [Fact]
    public void Measures_business_time_between_two_instants()
    {
        var friday4pm = new DateTimeOffset(2026, 11, 6, 21, 0, 0, TimeSpan.Zero);
        var monday10am = new DateTimeOffset(2026, 11, 9, 15, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromHours(2), NewYork.Between(friday4pm, monday10am));
        Assert.Equal(TimeSpan.Zero, NewYork.Between(monday10am, friday4pm));
        Assert.True(NewYork.IsOpen(monday10am));
        Assert.False(NewYork.IsOpen(monday10am.AddDays(-2)));
    }
}
