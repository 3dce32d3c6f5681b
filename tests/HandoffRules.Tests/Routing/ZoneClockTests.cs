using HandoffRules.Routing;

namespace HandoffRules.Tests.Routing;

public sealed class ZoneClockTests
{
    [Theory]
    [InlineData("America/New_York")]
    [InlineData("Europe/London")]
    [InlineData("Australia/Sydney")]
    [InlineData("Asia/Kolkata")]
    [InlineData("America/St_Johns")]
    public void Cached_conversions_agree_with_TimeZoneInfo_every_quarter_hour_of_a_year(string id)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
        var clock = new ZoneClock(zone);
        for (var at = new DateTimeOffset(2026, 1, 1, 0, 7, 0, TimeSpan.Zero); at.Year == 2026; at = at.AddMinutes(15))
        {
            var local = TimeZoneInfo.ConvertTime(at, zone).DateTime;
            Assert.Equal(local, clock.ToLocal(at));

            // Back again; a local time in the hour repeated when clocks go back may take either instant.
            var back = clock.ToUtc(local);
            if (zone.IsAmbiguousTime(local))
            {
                Assert.Equal(local, TimeZoneInfo.ConvertTime(back, zone).DateTime);
            }
            else
            {
                Assert.Equal(at, back);
            }
        }
    }

    [Fact]
    public void A_local_time_in_the_spring_gap_moves_past_it()
    {
        var clock = new ZoneClock(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        // 8 March 2026: 02:00 jumps to 03:00; 02:30 does not exist and lands at 03:00 EDT.
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), clock.ToUtc(new DateTime(2026, 3, 8, 2, 30, 0)));
        Assert.Equal(new DateTimeOffset(2026, 3, 8, 6, 30, 0, TimeSpan.Zero), clock.ToUtc(new DateTime(2026, 3, 8, 1, 30, 0)));
    }
}
