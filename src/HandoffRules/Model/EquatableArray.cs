using System.Collections;
using System.Runtime.CompilerServices;

namespace HandoffRules.Model;

/// <summary>
/// An immutable array compared by its items, so that model records compare, hash and print by
/// value: two playbooks built from the same source are equal, and a printed model is readable.
/// </summary>
[CollectionBuilder(typeof(EquatableArray), nameof(EquatableArray.Create))]
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly T[]? _items;

    /// <summary>Wraps a copy of <paramref name="items"/>.</summary>
    public EquatableArray(IEnumerable<T> items) => _items = items.ToArray();

    private EquatableArray(T[] items, bool _) => _items = items;

    /// <summary>Number of items.</summary>
    public int Count => _items?.Length ?? 0;

    /// <summary>True when there are no items.</summary>
    public bool IsEmpty => Count == 0;

    /// <inheritdoc />
    public T this[int index] => (_items ?? [])[index];

    /// <summary>The items as a span, for allocation-free loops on hot paths.</summary>
    public ReadOnlySpan<T> AsSpan() => _items;

    internal static EquatableArray<T> Wrap(T[] items) => new(items, true);

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other) => AsSpan().SequenceEqual(other.AsSpan(), EqualityComparer<T>.Default);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in AsSpan())
        {
            hash.Add(item);
        }

        return hash.ToHashCode();
    }

    /// <summary>Items separated by commas, in brackets.</summary>
    public override string ToString() => "[" + string.Join(", ", _items ?? []) + "]";

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)(_items ?? [])).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Compares by items.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Compares by items.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
}

/// <summary>Creates <see cref="EquatableArray{T}"/> values (also from collection expressions).</summary>
public static class EquatableArray
{
    /// <summary>An array of a copy of the items.</summary>
    public static EquatableArray<T> Create<T>(ReadOnlySpan<T> items) => EquatableArray<T>.Wrap(items.ToArray());

    /// <summary>An array of a copy of the items.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => EquatableArray<T>.Wrap(items.ToArray());
}
