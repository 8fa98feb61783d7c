namespace Headroom.Signals.Planning;

/// <summary>
/// The scaling decision as a pure function: replicas for demand now, for forecast demand one lead time ahead and for
/// the onsets of the bursts of the last lead time, sized by <see cref="ReplicaSizing"/>; up at once, down only to what
/// a margin above demand has needed throughout the stabilization window.
/// </summary>
public static class ReplicaPlanner
{
    /// <summary>
    /// Share of the objective's allowed misses the planner sizes for. Demand is measured, so a burst is seen only once
    /// it has begun, and requests at its onset wait for replicas sized before it; half the miss budget is kept for them.
    /// The simulator's oracle, which knows demand in advance, sizes for the whole budget.
    /// </summary>
    public const double MissBudgetShare = 0.5;

    /// <summary>
    /// Demand margin a scale-down keeps: the count is lowered only to what this much more demand would need, so that
    /// noise around a level cannot take a replica away and ask for it back (the HPA's tolerance is 10% too).
    /// </summary>
    public const double ScaleDownMargin = 0.1;

    /// <summary>Plans replicas for the inputs.</summary>
    public static ReplicaPlan Plan(PlanInput input)
    {
        var objective = input.Objective with { Attainment = 1 - (1 - input.Objective.Attainment) * MissBudgetShare };
        // Sizing is the decision's busiest part, and a demand often equals another (onsets none beyond demand ahead,
        // a last-value forecast demand now): each distinct one is sized once.
        ReplicaNeeds Size(Demand demand) => RoleSizing.Size(demand, input.Sized, input.Capacity, objective, input.QueueDrain);
        var nowNeeds = Size(input.Now);
        var aheadNeeds = input.Ahead == input.Now ? nowNeeds : Size(input.Ahead);
        var onsetNeeds = input.Onsets == input.Ahead ? aheadNeeds : input.Onsets == input.Now ? nowNeeds : Size(input.Onsets);
        var (needs, neededFor) = (nowNeeds, NeededFor.Now);
        if (aheadNeeds.Replicas > needs.Replicas) (needs, neededFor) = (aheadNeeds, NeededFor.Forecast);
        if (onsetNeeds.Replicas > needs.Replicas) (needs, neededFor) = (onsetNeeds, NeededFor.Onset);
        var needed = needs.Replicas;
        var margin = 1 + ScaleDownMargin;
        // What the onsets need is kept with the rest: kept only while their memory lasts, the replicas that bursts of
        // the last lead time need were let go between bursts, and the Azure code trace at 4x fell to 98.7%.
        var keepNow = Size(input.Now.Scaled(margin)).Replicas;
        var keepAhead = input.Ahead == input.Now ? keepNow : Size(input.Ahead.Scaled(margin)).Replicas;
        var keep = Math.Max(needed, Math.Max(keepNow, keepAhead));
        // Up at once to what is needed; down only as far as the most kept within the window, and never below need.
        var held = Math.Max(input.Held, keep);
        var desired = needed >= input.Previous ? needed : Math.Max(needed, Math.Min(input.Previous, held));
        return new ReplicaPlan(needs, needed, keep, held, desired, desired > needed ? Dimension.Held : needs.BoundBy, neededFor);
    }
}

/// <summary>What the planner decides from.</summary>
/// <param name="Now">Demand now.</param>
/// <param name="Ahead">Forecast demand one lead time ahead.</param>
/// <param name="Onsets">Demand at the onset of a burst like those of the last lead time (<see cref="DemandMeter.WithOnsets"/>).</param>
/// <param name="Capacity">What one replica sustains.</param>
/// <param name="Objective">The time-to-first-token objective.</param>
/// <param name="QueueDrain">Time within which queued requests should be served.</param>
/// <param name="Held">The most replicas kept (need with the scale-down margin) within the stabilization window before now.</param>
/// <param name="Previous">The last decision; 0 before the first.</param>
/// <param name="Sized">The dimensions the replicas are sized on: all of them, or a role's (<see cref="SizedDimensions"/>).</param>
public readonly record struct PlanInput(Demand Now, Demand Ahead, Demand Onsets, ReplicaCapacity Capacity, ServiceObjective Objective, TimeSpan QueueDrain, int Held,
    int Previous, SizedDimensions Sized = SizedDimensions.All);

/// <summary>A planned replica count and why.</summary>
/// <param name="Needs">What each dimension needs for whichever of demand now, ahead and at onsets needs the most.</param>
/// <param name="Needed">The most replicas that needs.</param>
/// <param name="Kept">What demand with the scale-down margin needs: recorded in the stabilization window.</param>
/// <param name="Held">The most a scale-down may keep: the window's and the start's hold, or what is kept now if more.</param>
/// <param name="Desired">The decision: what is needed, or, going down, no lower than needed and no higher than held.</param>
/// <param name="BoundBy">The dimension that set <see cref="Desired"/>; held when the window keeps more than is needed.</param>
/// <param name="NeededFor">Which demand <see cref="Needs"/> are for: now, forecast or onset.</param>
public readonly record struct ReplicaPlan(ReplicaNeeds Needs, int Needed, int Kept, int Held, int Desired, Dimension BoundBy, string NeededFor);

/// <summary>The demands the planner sizes, as a decision names the one that needed the most.</summary>
public static class NeededFor
{
    /// <summary>Demand measured now.</summary>
    public const string Now = "now";

    /// <summary>Forecast demand one lead time ahead.</summary>
    public const string Forecast = "forecast";

    /// <summary>Demand at the onset of a burst like those of the last lead time.</summary>
    public const string Onset = "onset";
}
