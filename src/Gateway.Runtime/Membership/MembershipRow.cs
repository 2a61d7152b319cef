namespace Gateway.Runtime.Membership;

/// <summary>
/// An entry as read from the table, with the ETag a conditional update of it must name. The ETag
/// changes on every structural update of the row, not on heartbeats.
/// </summary>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);
