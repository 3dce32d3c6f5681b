using Bogus;
using HandoffRules.Simulation;

namespace HandoffRules.Tests.Simulation;

// The generator's leads are the ones a seed always made only while its draws are Bogus's: each kind
// of draw, interleaved as the generator makes them, against a Randomizer of the same seed.
public sealed class DrawsTests
{
    private static readonly string[] Items = ["a", "b", "c", "d", "e", "f", "g"];

    [Theory]
    [InlineData(7)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-42)]
    [InlineData(int.MaxValue)]
    [InlineData(int.MinValue)]
    public void Every_draw_is_the_one_Bogus_makes_from_the_same_seed(int seed)
    {
        var draws = new Draws(seed);
        var bogus = new Randomizer(seed);
        var list = Items.ToList();

        for (var i = 0; i < 20_000; i++)
        {
            switch (i % 9)
            {
                case 0:
                    Assert.Equal(bogus.Number(9), draws.Number(9));
                    break;
                case 1:
                    Assert.Equal(bogus.Number(1000, 60000), draws.Number(1000, 60000));
                    break;
                case 2:
                    Assert.Equal(bogus.Double(), draws.Double());
                    break;
                case 3:
                    Assert.Equal(bogus.Double(80_000, 320_000), draws.Double(80_000, 320_000));
                    break;
                case 4:
                    Assert.Equal(bogus.Bool(), draws.Bool());
                    break;
                case 5:
                    Assert.Equal(bogus.Bool(0.05f), draws.Bool(0.05f));
                    break;
                case 6:
                    Assert.Equal(bogus.Bool(0.55f), draws.Bool(0.55f));
                    break;
                case 7:
                    Assert.Equal(bogus.ArrayElement(Items), draws.ArrayElement(Items));
                    break;
                default:
                    Assert.Equal(bogus.ListItem(list), draws.ListItem(list));
                    break;
            }
        }
    }

    [Fact]
    public void A_number_from_a_single_value_range_is_that_value_and_still_a_draw()
    {
        var draws = new Draws(7);
        var bogus = new Randomizer(7);

        Assert.Equal(bogus.Number(5, 5), draws.Number(5, 5));
        Assert.Equal(bogus.Double(), draws.Double());
    }

    [Fact]
    public void A_range_the_generator_does_not_draw_from_is_refused_with_its_bounds()
    {
        var draws = new Draws(7);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => draws.Number(int.MinValue, int.MaxValue));

        Assert.Contains($"from {int.MinValue} to {int.MaxValue}", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => draws.ArrayElement(Array.Empty<string>()));
    }
}
