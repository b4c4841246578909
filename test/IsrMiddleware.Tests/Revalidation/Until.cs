namespace IsrMiddleware.Tests.Revalidation;

/// <summary>Bounded polling for a condition the test cannot await directly.</summary>
internal static class Until
{
    public static async Task TrueAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Not true within {seconds} s: {what}.");
            }

            await Task.Delay(10);
        }
    }
}
