namespace HandoffRules.Model;

/// <summary>
/// A standard reason an SDR gives for rejecting a lead. A misroute reason sends the lead back to
/// routing; any other sends it to a nurture track.
/// </summary>
public sealed record RejectReason(string Code, string Label, string? NurtureTrack, bool Misroute);

/// <summary>A standard reason for recycling an accepted lead back to nurture, and the track it goes to.</summary>
public sealed record RecycleReason(string Code, string Label, string NurtureTrack);

/// <summary>A named marketing nurture track that rejected and recycled leads go back to.</summary>
public sealed record NurtureTrack(string Name, string? Description);
