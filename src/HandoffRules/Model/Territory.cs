namespace HandoffRules.Model;

/// <summary>A named territory: the countries, regions and postal prefixes it owns.</summary>
public sealed record Territory(string Name, EquatableArray<TerritoryClaim> Claims);

/// <summary>
/// One claim of a territory: a whole country (<see cref="Region"/> and <see cref="PostalPrefix"/>
/// null), a region of it, or a postal-code prefix in it. Codes are normalised when recognised.
/// </summary>
public sealed record TerritoryClaim(string Country, string? Region, string? PostalPrefix)
{
    /// <summary>The postal list row it was read from; null for a claim declared in code.</summary>
    public FileOrigin? Origin { get; init; }

    /// <summary>"US", "US-CA" or "GB EC*".</summary>
    public override string ToString() =>
        Region is not null ? $"{Country}-{Region}" : PostalPrefix is not null ? $"{Country} {PostalPrefix}*" : Country;
}
