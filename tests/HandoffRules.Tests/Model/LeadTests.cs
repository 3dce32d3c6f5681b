using HandoffRules.Model;
using HandoffRules.Tests.Support;

namespace HandoffRules.Tests.Model;

public sealed class LeadTests
{
    [Theory]
    [InlineData("Graduate Student", "student", true)]
    [InlineData("STUDENT AMBASSADOR", "Student", true)]
    [InlineData("Head of Studies", "student", false)]
    [InlineData("stustudent", "student", true)]
    [InlineData("Student", "students", false)]
    [InlineData("VP Sales", "", true)]
    [InlineData("Doktorand (Stüdent)", "stüdent", true)]
    [InlineData("Doktorand (STÜDENT)", "stüdent", true)]
    [InlineData("Stıdent", "STIDENT", false)]
    [InlineData("\u212Aey account manager", "key", false)]
    [InlineData("CTO", "1cto", false)]
    public void TitleContains_agrees_with_ordinal_ignore_case(string title, string text, bool expected)
    {
        var lead = TestPlaybooks.Lead() with { JobTitle = title };

        Assert.Equal(expected, lead.TitleContains(text));
        Assert.Equal(title.Contains(text, StringComparison.OrdinalIgnoreCase), lead.TitleContains(text));
    }

    [Fact]
    public void TitleContains_agrees_with_ordinal_ignore_case_on_generated_titles()
    {
        var random = new Random(7);
        const string alphabet = "abcdeABCDE xyzXYZ-ıİK";
        for (var i = 0; i < 5000; i++)
        {
            var title = new string([.. Enumerable.Range(0, random.Next(0, 24)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
            var text = new string([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length - 3)])]);
            var lead = TestPlaybooks.Lead() with { JobTitle = title };
            Assert.True(title.Contains(text, StringComparison.OrdinalIgnoreCase) == lead.TitleContains(text), $"'{title}' contains '{text}'");
        }

        Assert.False((TestPlaybooks.Lead() with { JobTitle = null }).TitleContains("cto"));
    }
}
