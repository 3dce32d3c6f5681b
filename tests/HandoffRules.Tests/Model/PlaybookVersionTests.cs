using System.Globalization;
using Acme.Rules;
using HandoffRules.Model;

namespace HandoffRules.Tests.Model;

/// <summary>A playbook's version: its assembly's informational version, ordered as a semantic version, and its model's content hash.</summary>
public sealed class PlaybookVersionTests
{
    [Theory]
    [InlineData("1.2.0", "1.10.0")]
    [InlineData("1.9.9", "2.0.0")]
    [InlineData("1.2", "1.2.1")]
    [InlineData("1.2.0-beta.2", "1.2.0-beta.10")]
    [InlineData("1.2.0-alpha", "1.2.0-beta")]
    [InlineData("1.2.0-beta.10", "1.2.0")]
    [InlineData("1.2.0-rc.1", "1.2.0-rc.1.1")]
    [InlineData("0.0.0", "0.1.0")]
    public void Versions_order_as_semantic_versions(string older, string newer)
    {
        Assert.True(PlaybookVersion.Compare(older, newer) < 0, $"{older} before {newer}");
        Assert.True(PlaybookVersion.Compare(newer, older) > 0, $"{newer} after {older}");
        Assert.True(new PlaybookVersion(older, "a").IsOlderThan(new PlaybookVersion(newer, "b")));
        Assert.False(new PlaybookVersion(newer, "a").IsOlderThan(new PlaybookVersion(older, "b")));
    }

    [Theory]
    [InlineData("1.4.0", "1.4.0")]
    [InlineData("1.4.0+3f2a9c1", "1.4.0+77aa001")]
    [InlineData("1.4", "1.4.0")]
    public void Build_metadata_and_missing_zeros_do_not_make_a_version_older(string left, string right)
    {
        Assert.Equal(0, PlaybookVersion.Compare(left, right));
        Assert.False(new PlaybookVersion(left, "a").IsOlderThan(new PlaybookVersion(right, "b")));
    }

    [Fact]
    public void The_content_hash_is_the_same_for_the_same_playbook_on_any_culture_and_changes_with_a_rule()
    {
        var model = new AcmePlaybook().Build();
        var hash = PlaybookVersion.HashOf(model);
        Assert.Matches("^[0-9a-f]{16}$", hash);
        Assert.Equal(hash, PlaybookVersion.HashOf(new AcmePlaybook().Build()));

        var culture = CultureInfo.CurrentCulture;
        try
        {
            // Another culture's separators (built by hand: the tests may run in globalization-invariant
            // mode) must not change what a playbook hashes to: business hours print as times.
            var other = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            other.DateTimeFormat.TimeSeparator = ".";
            other.DateTimeFormat.ShortTimePattern = "HH.mm";
            other.DateTimeFormat.LongTimePattern = "HH.mm.ss";
            other.NumberFormat.NumberDecimalSeparator = ",";
            other.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = other;
            Assert.NotEqual(new TimeOnly(9, 0).ToString(CultureInfo.InvariantCulture), new TimeOnly(9, 0).ToString());
            Assert.Equal(hash, PlaybookVersion.HashOf(model));
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }

        var changed = model with { MaxHold = model.MaxHold + TimeSpan.FromMinutes(1) };
        Assert.NotEqual(hash, PlaybookVersion.HashOf(changed));
        var renamed = model with { Segments = [.. model.Segments.Select((s, i) => i == 0 ? s with { Name = s.Name + " (renamed)" } : s)] };
        Assert.NotEqual(hash, PlaybookVersion.HashOf(renamed));
    }

    [Fact]
    public void The_version_is_the_informational_version_of_the_assembly_the_playbook_was_compiled_into()
    {
        var model = new AcmePlaybook().Build();
        var assembly = typeof(AcmePlaybook).Assembly;
        var expected = assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .Cast<System.Reflection.AssemblyInformationalVersionAttribute>().Single().InformationalVersion;

        var version = PlaybookVersion.Of(model, assembly);

        Assert.Equal(expected, version.Version);
        Assert.Equal(PlaybookVersion.HashOf(model), version.ContentHash);
        Assert.Equal(PlaybookVersion.Unversioned, PlaybookVersion.Of(model, compiledInto: null).Version);
        Assert.Equal($"{expected} ({version.ContentHash})", version.ToString());
    }
}
