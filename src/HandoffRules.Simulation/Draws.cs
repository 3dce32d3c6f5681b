namespace HandoffRules.Simulation;

/// <summary>
/// The generator's seeded draws: the numbers Bogus's <c>Randomizer(seed)</c> gives, from the
/// subtractive generator <see cref="System.Random"/> keeps for a seeded instance, drawn the same way
/// (the same samples, scaled and compared the same), so a seed makes the same leads it always made.
/// <para>
/// Not through Bogus and <see cref="System.Random"/> themselves because of what each draw cost there:
/// a lock shared by every randomizer in the process (Bogus's thread safety, which a generator drawing
/// on one thread does not need) and two virtual calls, some sixty times a lead. Without dynamic PGO,
/// which the command runs without, those calls are not devirtualised.
/// </para>
/// </summary>
internal sealed class Draws
{
    // Knuth's subtractive generator as System.Random's seeded instances run it (the .NET Framework
    // algorithm kept for seeds): 55 numbers, position 0 unused.
    private readonly int[] _seedArray = new int[56];
    private int _next;
    private int _nextP = 21;

    /// <summary>The draws of <paramref name="seed"/>: those of <c>new Random(seed)</c>.</summary>
    public Draws(int seed)
    {
        var subtraction = seed == int.MinValue ? int.MaxValue : Math.Abs(seed);
        var mj = 161803398 - subtraction;
        _seedArray[55] = mj;
        var mk = 1;
        var ii = 0;
        for (var i = 1; i < 55; i++)
        {
            if ((ii += 21) >= 55)
            {
                ii -= 55;
            }

            _seedArray[ii] = mk;
            mk = mj - mk;
            if (mk < 0)
            {
                mk += int.MaxValue;
            }

            mj = _seedArray[ii];
        }

        for (var k = 1; k < 5; k++)
        {
            for (var i = 1; i < 56; i++)
            {
                var n = i + 30;
                if (n >= 55)
                {
                    n -= 55;
                }

                _seedArray[i] -= _seedArray[1 + n];
                if (_seedArray[i] < 0)
                {
                    _seedArray[i] += int.MaxValue;
                }
            }
        }
    }

    /// <summary>A number from 0 to <paramref name="max"/>, both included.</summary>
    public int Number(int max) => Number(0, max);

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
    public int Number(int min, int max)
    {
        // Random.Next(min, max + 1); its other path, for ranges wider than int.MaxValue, draws twice.
        var range = (long)max + 1 - min;
        if (range is <= 0 or > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(max), $"A draw from {min} to {max} is not a range the generator draws from.");
        }

        return (int)(Sample() * range) + min;
    }

    /// <summary>A number from 0 (included) to 1 (not).</summary>
    public double Double() => Sample();

    /// <summary>A number from <paramref name="min"/> (included) to <paramref name="max"/> (not).</summary>
    public double Double(double min, double max) => Sample() * (max - min) + min;

    /// <summary>True half the time.</summary>
    public bool Bool() => Number(1) == 0;

    /// <summary>True with the probability <paramref name="weight"/>: a draw narrowed to a float, compared with it.</summary>
    public bool Bool(float weight) => (float)Sample() < weight;

    /// <summary>An item of <paramref name="items"/>, each as likely.</summary>
    public T ArrayElement<T>(T[] items) => items.Length > 0
        ? items[Number(items.Length - 1)]
        : throw new ArgumentException("There is nothing to draw from an empty list.", nameof(items));

    /// <summary>An item of <paramref name="items"/>, each as likely.</summary>
    public T ListItem<T>(List<T> items) => items.Count > 0
        ? items[Number(items.Count - 1)]
        : throw new ArgumentException("There is nothing to draw from an empty list.", nameof(items));

    private double Sample() => NextSample() * (1.0 / int.MaxValue);

    private int NextSample()
    {
        var next = _next + 1;
        if (next >= 56)
        {
            next = 1;
        }

        var nextP = _nextP + 1;
        if (nextP >= 56)
        {
            nextP = 1;
        }

        var sample = _seedArray[next] - _seedArray[nextP];
        if (sample == int.MaxValue)
        {
            sample--;
        }

        if (sample < 0)
        {
            sample += int.MaxValue;
        }

        _seedArray[next] = sample;
        _next = next;
        _nextP = nextP;
        return sample;
    }
}
