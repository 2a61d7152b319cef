namespace Gateway.Persistence;

/// <summary>
/// How long the rows of one kind of grain state are kept: the owner of a row that was not written
/// for <see cref="MaxAge"/> cannot still be using it (its grain rewrites a live row more often
/// than that), and a cleared row holds nothing at all.
/// </summary>
/// <param name="StateName">The state's name, as in <c>[PersistentState("name")]</c> (the rows' <c>state_name</c>).</param>
/// <param name="MaxAge">Rows whose last write is older are deleted.</param>
/// <param name="Interval">How often each silo sweeps.</param>
public sealed record StateRetention(string StateName, TimeSpan MaxAge, TimeSpan Interval);
