using HandoffRules.Model;

namespace HandoffRules.Intake;

/// <summary>A problem that stops a record from becoming a lead, naming the field.</summary>
/// <param name="Field">The field at fault, as named in the input ("id", "event.type").</param>
/// <param name="Problem">What is wrong with it.</param>
public sealed record IntakeError(string Field, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Problem}";
}

/// <summary>Either a normalised lead (with its data-quality notes) or the error that stopped it.</summary>
public sealed record IntakeResult(Lead? Lead, IntakeError? Error)
{
    /// <summary>True when a lead came out.</summary>
    public bool Succeeded => Lead is not null;
}
