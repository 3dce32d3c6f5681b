namespace HandoffRules.Host.Tests.Support;

/// <summary>Waits for a condition by polling, for what the store's counts do not show.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Still not true after {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s: {what}.");
            }

            await Task.Delay(50);
        }
    }
}
