namespace Gateway.Pinning;

/// <summary>
/// How pins change, as pure functions of the stored state, so every rule is tested without a
/// grain. Each returns the new state (the same instance when nothing changed) and the events that
/// the change makes.
/// </summary>
public static class PinRules
{
    /// <summary>
    /// One upstream's tools as just read. A name with a pin is served when its definition hashes
    /// to the pin, held as changed otherwise. A name without a pin is held as renamed when its body
    /// is that of a tool pinned under another name before this read, present or gone; otherwise it
    /// is pinned and served (trust on first use). Tools first seen in the same read are all new,
    /// whatever their bodies, so an upstream's first catalog is never held. Held definitions the
    /// upstream no longer lists are dropped.
    /// </summary>
    /// <returns>The names to hold.</returns>
    public static PinOutcome<IReadOnlyList<string>> Review(
        ToolPinsState state, string upstream, IReadOnlyList<ToolFingerprint> tools, DateTimeOffset now)
    {
        var pins = state.Pins.Where(p => p.Upstream == upstream).ToDictionary(p => p.Tool, StringComparer.Ordinal);
        var held = state.Held.Where(h => h.Upstream == upstream).ToDictionary(h => h.Tool, StringComparer.Ordinal);
        var pinnedBodies = pins.Values
            .OrderBy(p => p.Tool, StringComparer.Ordinal)
            .GroupBy(p => p.BodyHash, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(p => p.Tool).ToList(), StringComparer.Ordinal);
        var listed = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var events = new List<PinningEvent>();
        var holding = new List<string>();
        var judged = new HashSet<string>(StringComparer.Ordinal);

        // A name listed twice is judged once, by its first listing; the verdict covers both.
        foreach (var tool in tools.Where(t => judged.Add(t.Name)))
        {
            if (pins.TryGetValue(tool.Name, out var pin))
            {
                if (pin.Hash != tool.Hash)
                {
                    holding.Add(tool.Name);
                    Hold(tool, HoldKind.Changed, pin.Hash, renamedFrom: null);
                }
                else if (held.Remove(tool.Name, out var reverted))
                {
                    events.Add(new PinningEvent(PinningEventKind.Restored, upstream, tool.Name, tool.Hash, reverted.Hash, now));
                }
            }
            else if (pinnedBodies.TryGetValue(tool.BodyHash, out var namesakes))
            {
                holding.Add(tool.Name);
                Hold(tool, HoldKind.Renamed, pinnedHash: null, namesakes.FirstOrDefault(n => !listed.Contains(n)) ?? namesakes[0]);
            }
            else
            {
                held.Remove(tool.Name);
                pins[tool.Name] = new ToolPin(upstream, tool.Name, tool.Hash, tool.BodyHash, now, now, ApprovedBy: null);
                events.Add(new PinningEvent(PinningEventKind.Pinned, upstream, tool.Name, tool.Hash, null, now));
            }
        }

        foreach (var gone in held.Values.Where(h => !listed.Contains(h.Tool)).ToList())
        {
            held.Remove(gone.Tool);
            events.Add(new PinningEvent(PinningEventKind.Withdrawn, upstream, gone.Tool, gone.Hash, gone.PinnedHash, now, gone.Kind));
        }

        if (events.Count == 0)
        {
            return new(state, holding, events);
        }

        return new(state with
        {
            Pins = state.Pins.RemoveAll(p => p.Upstream == upstream).AddRange(pins.Values).Sort(ByName),
            Held = state.Held.RemoveAll(h => h.Upstream == upstream).AddRange(held.Values).Sort(ByName),
        }, holding, events);

        void Hold(ToolFingerprint tool, HoldKind kind, string? pinnedHash, string? renamedFrom)
        {
            if (held.TryGetValue(tool.Name, out var known) && known.Hash == tool.Hash && known.Kind == kind)
            {
                return;
            }

            var refusal = state.Rejected.Find(r => r.Upstream == upstream && r.Tool == tool.Name && r.Hash == tool.Hash);
            held[tool.Name] = new HeldTool(
                upstream, tool.Name, kind, pinnedHash, tool.Hash, tool.BodyHash, now, tool.Description, renamedFrom, refusal?.At, refusal?.By);
            events.Add(new PinningEvent(PinningEventKind.Held, upstream, tool.Name, tool.Hash, pinnedHash, now, kind, renamedFrom));
        }
    }

    /// <summary>Pins the held definition of a tool; the result is null when none is held.</summary>
    public static PinOutcome<ToolPin?> Approve(ToolPinsState state, string upstream, string tool, string principal, DateTimeOffset now)
    {
        if (state.Held.Find(h => h.Upstream == upstream && h.Tool == tool) is not { } held)
        {
            return new(state, null, []);
        }

        var previous = state.Pins.Find(p => p.Upstream == upstream && p.Tool == tool);
        var pin = new ToolPin(upstream, tool, held.Hash, held.BodyHash, previous?.FirstSeen ?? held.FirstSeen, now, principal);
        var approved = new PinningEvent(PinningEventKind.Approved, upstream, tool, held.Hash, previous?.Hash, now, held.Kind, held.RenamedFrom, principal);
        return new(state with
        {
            Pins = state.Pins.RemoveAll(p => p.Upstream == upstream && p.Tool == tool).Add(pin).Sort(ByName),
            Held = state.Held.Remove(held),
            Rejected = state.Rejected.RemoveAll(r => r.Upstream == upstream && r.Tool == tool && r.Hash == held.Hash),
        }, pin, [approved]);
    }

    /// <summary>Marks the held definition of a tool as refused (it stays held); the result is null when none is held.</summary>
    public static PinOutcome<HeldTool?> Reject(ToolPinsState state, string upstream, string tool, string principal, DateTimeOffset now)
    {
        if (state.Held.Find(h => h.Upstream == upstream && h.Tool == tool) is not { } held)
        {
            return new(state, null, []);
        }

        var refused = held with { RejectedAt = now, RejectedBy = principal };
        var rejected = new PinningEvent(PinningEventKind.Rejected, upstream, tool, held.Hash, held.PinnedHash, now, held.Kind, held.RenamedFrom, principal);
        return new(state with
        {
            Held = state.Held.Replace(held, refused),
            Rejected = state.Rejected
                .RemoveAll(r => r.Upstream == upstream && r.Tool == tool && r.Hash == held.Hash)
                .Add(new RejectedDefinition(upstream, tool, held.Hash, now, principal)),
        }, refused, [rejected]);
    }

    private static int ByName(ToolPin a, ToolPin b) => Compare(a.Upstream, a.Tool, b.Upstream, b.Tool);

    private static int ByName(HeldTool a, HeldTool b) => Compare(a.Upstream, a.Tool, b.Upstream, b.Tool);

    private static int Compare(string upstreamA, string toolA, string upstreamB, string toolB)
    {
        var byUpstream = string.CompareOrdinal(upstreamA, upstreamB);
        return byUpstream != 0 ? byUpstream : string.CompareOrdinal(toolA, toolB);
    }
}

/// <summary>A rule's result: the state to store (the same instance when nothing changed), its answer, and the events to record once stored.</summary>
public sealed record PinOutcome<T>(ToolPinsState State, T Result, IReadOnlyList<PinningEvent> Events);
