namespace Headroom.Signals.Planning;

/// <summary>
/// The scaling decision as a pure function: replicas for demand now and for forecast demand one lead time ahead,
/// sized by <see cref="ReplicaSizing"/>, never below what the stabilization window still holds.
/// </summary>
public static class ReplicaPlanner
{
    /// <summary>
    /// Share of the objective's allowed misses the planner sizes for. Demand is measured, so a burst is seen only once
    /// it has begun, and requests at its onset wait for replicas sized before it; half the miss budget is kept for them.
    /// The simulator's oracle, which knows demand in advance, sizes for the whole budget.
    /// </summary>
    public const double MissBudgetShare = 0.5;

    /// <summary>Plans replicas for the inputs.</summary>
    public static ReplicaPlan Plan(PlanInput input)
    {
        var objective = input.Objective with { Attainment = 1 - (1 - input.Objective.Attainment) * MissBudgetShare };
        var now = ReplicaSizing.Size(input.Now, input.Capacity, objective, input.QueueDrain);
        var ahead = ReplicaSizing.Size(input.Ahead, input.Capacity, objective, input.QueueDrain);
        var needs = ahead.Replicas > now.Replicas ? ahead : now;
        var needed = needs.Replicas;
        return needed >= input.Held
            ? new ReplicaPlan(now, ahead, needed, needed, needs.BoundBy)
            : new ReplicaPlan(now, ahead, needed, input.Held, Dimension.Held);
    }
}

/// <summary>What the planner decides from.</summary>
/// <param name="Now">Demand now.</param>
/// <param name="Ahead">Forecast demand one lead time ahead.</param>
/// <param name="Capacity">What one replica sustains.</param>
/// <param name="Objective">The time-to-first-token objective.</param>
/// <param name="QueueDrain">Time within which queued requests should be served.</param>
/// <param name="Held">The most replicas needed within the stabilization window before now; a decision never goes below it.</param>
public readonly record struct PlanInput(Demand Now, Demand Ahead, ReplicaCapacity Capacity, ServiceObjective Objective, TimeSpan QueueDrain, int Held);

/// <summary>A planned replica count and why.</summary>
/// <param name="ForNow">What each dimension needs for demand now.</param>
/// <param name="ForAhead">What each dimension needs for forecast demand.</param>
/// <param name="Needed">The most either needs.</param>
/// <param name="Desired">The decision: <see cref="Needed"/>, or the held count when that is larger.</param>
/// <param name="BoundBy">The dimension that set <see cref="Desired"/>.</param>
public readonly record struct ReplicaPlan(ReplicaNeeds ForNow, ReplicaNeeds ForAhead, int Needed, int Desired, Dimension BoundBy);
