namespace HandoffRules.Model;

/// <summary>
/// One fix intake made to a lead before routing ("country 'U.S.A.' read as US"), or a value it
/// could not use. Notes travel with the decision so a RevOps engineer sees what the data was.
/// </summary>
/// <param name="Field">The field concerned.</param>
/// <param name="Note">What was done, in words.</param>
public sealed record DataQualityNote(LeadField Field, string Note)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Note}";
}
