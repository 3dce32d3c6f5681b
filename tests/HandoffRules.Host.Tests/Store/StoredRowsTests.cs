using System.Globalization;
using System.Text;
using HandoffRules.Host.Store;

namespace HandoffRules.Host.Tests.Store;

/// <summary>
/// Rows read back as written: a stored time by the direct reading and by the general parser alike, an
/// event's data put together from its UTF-8 as from its text.
/// </summary>
public sealed class StoredRowsTests
{
    [Theory]
    [InlineData("{}", null)]
    [InlineData("""{"sla":"First touch","late":false}""", null)]
    [InlineData("{}", "\"source\":\"Paid\",\"segment\":null,\"territory\":\"ANZ\",\"queue\":\"APAC\",\"member\":\"wei.lim\"")]
    [InlineData("""{"sla":"First touch","note":"Zoë → Ærø"}""", "\"source\":\"Paid\",\"segment\":\"SMB\",\"territory\":null,\"queue\":null,\"member\":null")]
    public void An_events_data_put_together_from_UTF8_is_the_text_put_together(string data, string? facts)
    {
        var buffer = new byte[4];
        var bytes = StoredRows.EventData(Encoding.UTF8.GetBytes(data), facts is null ? [] : Encoding.UTF8.GetBytes(facts), ref buffer);
        Assert.Equal(StoredRows.EventData(data, input: null, facts), Encoding.UTF8.GetString(bytes));
        System.Text.Json.Nodes.JsonNode.Parse(bytes);
    }

    [Fact]
    public void Every_time_written_reads_back_exactly_as_text_and_as_UTF8()
    {
        var random = new Random(11);
        var earliest = new DateTimeOffset(1999, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var latest = new DateTimeOffset(2100, 12, 31, 23, 59, 59, TimeSpan.Zero).UtcTicks;
        for (var i = 0; i < 20_000; i++)
        {
            var at = new DateTimeOffset(random.NextInt64(earliest, latest), TimeSpan.Zero);
            var text = StoredRows.Time(at);
            Assert.Equal(at, StoredRows.Time(text));
            Assert.Equal(at, StoredRows.Time(Encoding.UTF8.GetBytes(text)));
            Assert.Equal(TimeSpan.Zero, StoredRows.Time(text).Offset);
        }

        // Leap days, and a time written with an offset, read in UTC.
        Assert.Equal(new DateTimeOffset(2028, 2, 29, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999), StoredRows.Time("2028-02-29T23:59:59.9999999Z"));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), StoredRows.Time(StoredRows.Time(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.FromHours(1)))));
    }

    [Theory]
    [InlineData("2026-11-02T09:15:00Z")]
    [InlineData("2026-11-02 09:15:00")]
    [InlineData("2026-11-02T09:15:00.0000000+01:00")]
    [InlineData("2026-11-02T09:15:00,0000000Z")]
    public void A_time_in_another_form_is_read_as_the_general_parser_reads_it(string text)
    {
        var expected = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        Assert.Equal(expected, StoredRows.Time(text));
        Assert.Equal(expected, StoredRows.Time(Encoding.UTF8.GetBytes(text)));
    }

    [Theory]
    [InlineData("2026-02-30T09:15:00.0000000Z")]
    [InlineData("2026-13-02T09:15:00.0000000Z")]
    [InlineData("2026-11-02T24:15:00.0000000Z")]
    [InlineData("2026-11-02T09:15:0x.0000000Z")]
    public void A_stored_time_that_is_no_time_is_refused_as_the_general_parser_refuses_it(string text)
    {
        Assert.Throws<FormatException>(() => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        Assert.Throws<FormatException>(() => StoredRows.Time(text));
        Assert.Throws<FormatException>(() => StoredRows.Time(Encoding.UTF8.GetBytes(text)));
    }
}
