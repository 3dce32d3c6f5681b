using System.Text.Json;
using HandoffRules.Intake;
using HandoffRules.Model;

namespace HandoffRules.Host.Store;

/// <summary>
/// The normalised lead a lead's row shows, kept as the input it came from (schema version 9). The
/// intake event already keeps the lead as it arrived, and normalising is a function of that input
/// and the arrival time, so the row stores <c>lead</c> '' and names the event by <c>intake_seq</c>
/// instead of a second, longer copy. A writer stores '' when rebuilding the lead from that input gave
/// back the very text it was about to store, or when the processor says the lead is that input's
/// (<see cref="AsItsInput"/>: the lead its reader normalised from the input read back,
/// <see cref="Inputs.PreparedIntake"/>); anything else is kept whole.
/// </summary>
public static class NormalisedLead
{
    /// <summary>
    /// A lead's <see cref="StoredLead.Lead"/> when it is kept as the input its intake event holds, as
    /// a writer reads such a row back: '' (see <see cref="IHandoffWriter.NormalisedLead"/>).
    /// </summary>
    public const string AsItsInput = "";

    // What reads a lead's JSON back into the lead: the lists a lead keeps (its signals, its notes) are
    // read into the arrays the model holds them in.
    private static readonly JsonSerializerOptions ReadBack = new(Processing.HandoffSession.LeadJson) { Converters = { new EquatableArrayJson() } };

    /// <summary>The lead's JSON, as the host writes it into a lead's row.</summary>
    public static string Json(Lead lead) => JsonSerializer.Serialize(lead, Processing.HandoffSession.LeadJson);

    /// <summary>A lead's JSON, as <see cref="Json"/> wrote it, read back into the lead.</summary>
    /// <exception cref="JsonException">The text is not a lead's JSON.</exception>
    public static Lead FromJson(string json) => JsonSerializer.Deserialize<Lead>(json, ReadBack) ?? throw new JsonException("the lead is null");

    /// <summary>
    /// The normalised lead, from the input its intake event keeps: under the lead's own id (a repeat
    /// submission is given one of its own) and with its arrival time standing in for a missing event
    /// time, as at intake.
    /// </summary>
    /// <param name="input">The lead as it arrived, as the intake event keeps it.</param>
    /// <param name="leadId">The lead's id.</param>
    /// <param name="arrivedAt">When it arrived.</param>
    /// <returns>The lead's JSON, or null when the input does not normalise to a lead.</returns>
    /// <exception cref="JsonException">The input is not a lead's JSON.</exception>
    public static string? Rebuild(string input, string leadId, DateTimeOffset arrivedAt) =>
        RebuildLead(input, leadId, arrivedAt) is { } lead ? Json(lead) : null;

    private static Lead? RebuildLead(string input, string leadId, DateTimeOffset arrivedAt) =>
        ReadInput(input) is { } read ? LeadNormalizer.Normalize(read with { Id = leadId }, arrivedAt).Lead : null;

    /// <summary>What intake makes of the input its intake event keeps, under the input's own id: the lead <see cref="Rebuild"/> gives back for it.</summary>
    /// <param name="input">The lead as it arrived, as the intake event keeps it.</param>
    /// <param name="receivedAt">When it arrived.</param>
    /// <exception cref="JsonException">The input is not a lead's JSON.</exception>
    public static IntakeResult Normalize(string input, DateTimeOffset receivedAt) =>
        LeadNormalizer.Normalize(ReadInput(input) ?? throw new JsonException("the input is null, not a lead"), receivedAt);

    private static LeadInput? ReadInput(string input) => JsonSerializer.Deserialize<LeadInput>(input, Processing.HandoffSession.LeadJson);

    /// <summary>The lead's JSON for a row read back: its own text, or rebuilt from its intake event's input when the row keeps ''.</summary>
    /// <exception cref="InvalidDataException">The row keeps '' and its intake event's input does not give a lead back; the message names the lead.</exception>
    internal static string Read(string stored, string? input, string leadId, DateTimeOffset arrivedAt) =>
        stored.Length > 0 ? stored : Json(FromInput(input, leadId, arrivedAt));

    /// <summary>
    /// The normalised lead of a row read back: its own text read back, or rebuilt from its intake
    /// event's input when the row keeps '' (without writing its JSON only to read it again).
    /// </summary>
    /// <exception cref="InvalidDataException">The row's lead, or its intake event's input, does not give a lead back; the message names the lead.</exception>
    internal static Lead ReadLead(string stored, string? input, string leadId, DateTimeOffset arrivedAt)
    {
        if (stored.Length == 0)
        {
            return FromInput(input, leadId, arrivedAt);
        }

        try
        {
            return FromJson(stored);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"lead {leadId}: its row's lead is not a lead's JSON: {e.Message}", e);
        }
    }

    private static Lead FromInput(string? input, string leadId, DateTimeOffset arrivedAt)
    {
        try
        {
            return (input is null ? null : RebuildLead(input, leadId, arrivedAt))
                ?? throw new InvalidDataException($"lead {leadId}: its row keeps the lead as its intake event's input, and that event holds {(input is null ? "none" : "an input that is not a lead")}");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"lead {leadId}: its intake event's input is not a lead's JSON: {e.Message}", e);
        }
    }
}
