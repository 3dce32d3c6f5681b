using HandoffRules.Model;

namespace HandoffRules.Host.Simulation;

/// <summary>
/// How one simulated SDR works: how fast they first touch a lead in working hours, how often they
/// accept, book meetings, recycle, and why they reject. Drawn once per member from the seed, so the
/// same seed gives the same team.
/// </summary>
internal sealed record SdrBehaviour(double TouchMinutes, double AcceptRate, double MeetingRate, double RecycleRate, double MisrouteShare)
{
    /// <summary>The spread of first-touch delays around <see cref="TouchMinutes"/>: the standard deviation of their logarithm.</summary>
    public double TouchSpread { get; init; } = 0.7;

    public static SdrBehaviour For(Member member, int seed)
    {
        var random = new Random(seed ^ StableHash(member.Id));
        return new SdrBehaviour(
            TouchMinutes: 8 + random.NextDouble() * 110,
            AcceptRate: 0.6 + random.NextDouble() * 0.3,
            MeetingRate: 0.3 + random.NextDouble() * 0.25,
            RecycleRate: 0.15 + random.NextDouble() * 0.15,
            MisrouteShare: 0.05 + random.NextDouble() * 0.15);
    }

    /// <summary>
    /// This behaviour with what a member's log showed put in its place (<c>simulate --like</c>); a rate
    /// the log cannot tell (no answer, no touch) keeps the drawn one.
    /// </summary>
    public SdrBehaviour Like(MemberProfile fitted) => new(
        TouchMinutes: fitted.TouchMinutes is { } minutes ? Math.Max(1, minutes) : TouchMinutes,
        AcceptRate: fitted.AcceptRate ?? AcceptRate,
        MeetingRate: fitted.MeetingRate ?? MeetingRate,
        RecycleRate: fitted.RecycleRate ?? RecycleRate,
        MisrouteShare: fitted.MisrouteShare ?? MisrouteShare)
    {
        TouchSpread = fitted.TouchSpread ?? TouchSpread,
    };

    /// <summary>A minutes delay around the member's typical one (log-normal: mostly near it, a long tail).</summary>
    public TimeSpan TouchDelay(Random random) =>
        TimeSpan.FromMinutes(Math.Max(1, TouchMinutes * Math.Exp(Normal(random) * TouchSpread)));

    private static double Normal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());

    // string.GetHashCode is randomised per process; the simulation must not be.
    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked(hash * 31 + c);
        }

        return hash;
    }
}
