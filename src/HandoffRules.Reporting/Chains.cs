namespace HandoffRules.Reporting;

/// <summary>
/// Many short lists in one growing array: the items of each list (a <see cref="Chain"/>) are linked,
/// so a list is two numbers where it is kept, not an object. A report keeps a few items each for most
/// of a long log's hundreds of thousands of leads (their changes of owner, their holds); a list and its
/// array each were two more objects per lead to allocate, touch and collect, which is what a report's
/// pass over the log costs most after reading it (docs/benchmarks.md).
/// </summary>
/// <typeparam name="T">The items.</typeparam>
internal sealed class Chains<T>
    where T : struct
{
    private (T Item, int Next)[] _items = new (T, int)[1_024];
    private int _count;

    /// <summary>Adds <paramref name="item"/> at the end of <paramref name="chain"/>.</summary>
    public void Add(ref Chain chain, T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        // Positions count from 1: a chain's 0 is "no item".
        _items[_count] = (item, 0);
        var position = ++_count;
        if (chain.First == 0)
        {
            chain.First = position;
        }
        else
        {
            _items[chain.Last - 1].Next = position;
        }

        chain.Last = position;
    }

    /// <summary>The items of <paramref name="chain"/>, in the order they were added.</summary>
    public Enumerator Of(Chain chain) => new(_items, chain.First);

    /// <summary>Walks one chain (a struct, for <c>foreach</c> without an allocation).</summary>
    public struct Enumerator((T Item, int Next)[] items, int first)
    {
        private int _next = first;
        private int _current;

        public readonly T Current => items[_current - 1].Item;

        public readonly Enumerator GetEnumerator() => this;

        public bool MoveNext()
        {
            (_current, _next) = (_next, _next == 0 ? 0 : items[_next - 1].Next);
            return _current != 0;
        }
    }
}

/// <summary>Where one list of a <see cref="Chains{T}"/> starts and ends; the default is the empty list.</summary>
internal struct Chain
{
    /// <summary>The first item's position, from 1; 0 while the list is empty.</summary>
    public int First;

    /// <summary>The last item's position, from 1.</summary>
    public int Last;

    public readonly bool IsEmpty => First == 0;
}
