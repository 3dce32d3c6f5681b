namespace HandoffRules.Simulation;

/// <summary>
/// Items drawn with relative weights (they need not add up to 1): one uniform draw against their
/// running sum. Built once per list, because the generator draws from the same lists millions of times.
/// </summary>
internal sealed class WeightedChoice<T>
{
    private readonly T[] _items;
    private readonly float[] _weights;
    private readonly double _total;

    public WeightedChoice(T[] items, float[] weights)
    {
        if (items.Length == 0 || items.Length != weights.Length)
        {
            throw new ArgumentException($"A weighted choice needs one weight per item ({items.Length} items, {weights.Length} weights).", nameof(weights));
        }

        _items = items;
        _weights = weights;
        foreach (var weight in weights)
        {
            _total += weight;
        }
    }

    public T Pick(Draws random)
    {
        var draw = random.Double() * _total;
        for (var i = 0; i < _items.Length; i++)
        {
            draw -= _weights[i];
            if (draw < 0)
            {
                return _items[i];
            }
        }

        return _items[^1];
    }
}
