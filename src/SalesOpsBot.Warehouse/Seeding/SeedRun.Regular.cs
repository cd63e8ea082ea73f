using static SalesOpsBot.Warehouse.Seeding.DemoVocabulary;

namespace SalesOpsBot.Warehouse.Seeding;

internal sealed partial class SeedRun
{
    /// <summary>
    /// The ordinary deals, in creation order. Creation days follow the total deal-flow weight (so a ramping,
    /// departed or drying-up rep changes nobody else's flow); owners are dealt by smooth weighted round robin
    /// and outcomes by per-rep error diffusion, so the noise per rep and quarter stays small and the stories
    /// stand out at the default scale.
    /// </summary>
    private void EmitRegularDeals()
    {
        var count = _options.Opportunities - _plannedCount;
        var reps = _aes.Length;
        var total = _cumulative[_dayCount];
        var turn = new double[reps];
        var winCredit = new double[reps];
        // One credit per story (not per rep) so the planted rate holds even with few deals per rep; starting
        // at one half rounds rather than truncates.
        var dachCredit = 0.5;
        var beatPlanCredit = 0.5;
        var seedRandom = DemoRandom.For(_options.Seed, -1, RegularSalt);
        for (var slot = 0; slot < reps; slot++)
        {
            winCredit[slot] = seedRandom.NextDouble();
        }

        var naSmb = new bool[reps];
        var dachEnterprise = new bool[reps];
        var beatPlan = new bool[reps];
        for (var slot = 0; slot < reps; slot++)
        {
            naSmb[slot] = IsNaSmb(_aes[slot]);
            dachEnterprise[slot] = IsDachEnterprise(_aes[slot]);
            beatPlan[slot] = _aes[slot].Name == DemoWorld.JordanReyesName;
        }

        Span<double> typeShare = stackalloc double[TypeWords.Length];
        Span<double> productShare = stackalloc double[Products.Length];
        Span<double> leadShare = stackalloc double[LeadSources.Length];
        Span<double> lossShare = stackalloc double[LossReasons.Length];
        Cumulate(DemoEconomics.TypeShare, typeShare);
        Cumulate(DemoEconomics.ProductShare, productShare);
        Cumulate(DemoEconomics.LeadSourceShare, leadShare);
        Cumulate(DemoEconomics.LossReasonShare, lossShare);

        Span<int> pushDay = stackalloc int[DemoEconomics.PushCount.Length - 1];
        Span<int> pushTo = stackalloc int[DemoEconomics.PushCount.Length - 1];
        var lastQuarterStart = _time.Start(-1);
        var lastQuarterEnd = _time.End(-1);
        var asOf = _time.AsOfDay;
        var dayIndex = 0;
        for (var i = 0; i < count; i++)
        {
            var id = NextOpportunityId();
            var random = DemoRandom.For(_options.Seed, i, RegularSalt);

            var target = (i + random.NextDouble()) / count * total;
            while (dayIndex < _dayCount - 1 && _cumulative[dayIndex + 1] <= target)
            {
                dayIndex++;
            }

            var created = _time.WindowStartDay + dayIndex;
            var slot = NextOwner(dayIndex, turn);
            var owner = _aes[slot];
            var segment = (int)owner.Segment;

            var type = random.Pick(typeShare);
            var product = random.Pick(productShare);
            var leadSource = random.Pick(leadShare);
            var account = _accounts.BucketStart(owner.Leaf, owner.Segment) + random.Next(_accounts.PerBucket);
            var amount = DemoEconomics.MedianAmount[segment] * DemoEconomics.TypeAmount[type]
                * DemoEconomics.ProductAmount[product] * DemoRandom.Exp(DemoEconomics.AmountSigma * random.Normal());
            var cents = DemoEconomics.DealCents(amount, owner.Segment);

            // Outcome by error diffusion: each deal adds its win chance to the rep's credit; a win spends one.
            var winChance = DemoEconomics.BaseWinRate[segment] * DemoEconomics.TypeWin[type];
            winCredit[slot] += winChance;
            var won = winCredit[slot] >= random.Uniform(0.5, 1.5);
            if (won)
            {
                winCredit[slot] -= 1;
            }

            // Dates: planned cycle, then pushes each made a few days before the date it moves.
            var (cycleMin, cycleMax) = DemoEconomics.Cycle[segment];
            var (pushMin, pushMax) = DemoEconomics.Push[segment];
            var firstClose = created + random.Between(cycleMin, cycleMax);
            var pushes = random.Pick(DemoEconomics.PushCount);
            var finalClose = firstClose;
            for (var p = 0; p < pushes; p++)
            {
                pushDay[p] = Math.Max(created, finalClose - random.Between(0, 7));
                finalClose += random.Between(pushMin, pushMax);
                pushTo[p] = finalClose;
            }

            int closeDay;
            if (won)
            {
                closeDay = pushes == 0 && random.Chance(DemoEconomics.PullInChance)
                    ? created + Math.Max(1, (int)((firstClose - created) * random.Uniform(0.6, 0.9)))
                    : finalClose;
            }
            else
            {
                closeDay = created + Math.Max(1, (int)((finalClose - created) * random.Uniform(0.3, 1.0)));
            }

            var lossReason = LossReasons[random.Pick(lossShare)];

            // A leaver's open deals go quiet: most are lost for no decision within weeks of the departure.
            if (owner.EndDay is { } left && closeDay > left)
            {
                closeDay = Math.Max(created + 1, Math.Min(closeDay, left + random.Between(5, 45)));
                if (random.Chance(0.8))
                {
                    won = false;
                    lossReason = LossNoDecision;
                }
            }

            var closesInLastQuarter = closeDay >= lastQuarterStart && closeDay <= lastQuarterEnd;
            if (closesInLastQuarter && won && dachEnterprise[slot])
            {
                // Story 1: a competitor took most of DACH Enterprise's late-stage deals in the last completed quarter.
                dachCredit += 1 - DemoStories.DachEnterpriseKeepRate;
                if (dachCredit >= 1)
                {
                    dachCredit -= 1;
                    won = false;
                    lossReason = random.Chance(0.8) ? LossCompetitor : LossPrice;
                }
            }
            else if (closesInLastQuarter && !won && beatPlan[slot])
            {
                // Story 6: Jordan Reyes converted far more than usual in the last completed quarter.
                beatPlanCredit += DemoStories.BeatPlanLossConversion;
                if (beatPlanCredit >= 1)
                {
                    beatPlanCredit -= 1;
                    won = true;
                }
            }

            _timeline.Clear();
            var firstStage = random.Chance(0.55) ? Prospecting : Discovery;
            var lastStage = won ? Negotiation : firstStage + random.Next(Negotiation - firstStage + 1);
            var span = closeDay - created;
            var negotiationDay = -1;
            for (var stage = firstStage + 1; stage <= lastStage; stage++)
            {
                var day = created + span * (stage - firstStage) / (lastStage - firstStage + 1) + random.Between(-3, 3);
                day = Math.Clamp(day, created, closeDay);
                var forecast = stage switch
                {
                    Solution => random.Chance(0.25) ? BestCase : Pipeline,
                    Proposal => BestCase,
                    Negotiation => BestCase,
                    _ => Pipeline,
                };
                _timeline.Stage(day, stage, forecast);
                if (stage == Negotiation)
                {
                    negotiationDay = day;
                }
            }

            if (negotiationDay >= 0 && random.Chance(won ? 0.7 : 0.35))
            {
                _timeline.Forecast(negotiationDay + (closeDay - negotiationDay) / 2, Commit);
            }

            for (var p = 0; p < pushes; p++)
            {
                if (pushDay[p] < closeDay)
                {
                    _timeline.CloseDate(pushDay[p], pushTo[p]);
                }
            }

            if (random.Chance(DemoEconomics.AmountChangeChance))
            {
                var changed = cents * random.Uniform(DemoEconomics.AmountChangeMin, DemoEconomics.AmountChangeMax) / 100;
                _timeline.Amount(created + random.Next(Math.Max(1, span)), DemoEconomics.DealCents(changed, owner.Segment));
            }

            if (won)
            {
                _timeline.Won(closeDay);
            }
            else
            {
                _timeline.Lost(closeDay);
            }

            var initial = new DealState { Stage = firstStage, Forecast = Pipeline, Cents = cents, CloseDay = firstClose };
            var state = _timeline.Play(id, created, initial, asOf, ref random);
            Emit(id, account, owner, product, type, leadSource, created, state, lossReason);
            _history += _timeline.WriteHistory(_sink);
        }
    }

    /// <summary>Smooth weighted round robin: the rep furthest behind their share of the day's flow gets the deal.</summary>
    private int NextOwner(int dayIndex, double[] turn)
    {
        var row = dayIndex * _aes.Length;
        var dayTotal = 0.0;
        var best = -1;
        var bestTurn = double.MinValue;
        for (var slot = 0; slot < turn.Length; slot++)
        {
            var weight = _weights[row + slot];
            if (weight <= 0)
            {
                continue;
            }

            dayTotal += weight;
            var value = turn[slot] += weight;
            if (value > bestTurn)
            {
                bestTurn = value;
                best = slot;
            }
        }

        turn[best] -= dayTotal;
        return best;
    }

    private static void Cumulate(ReadOnlySpan<double> shares, Span<double> cumulative)
    {
        var sum = 0.0;
        for (var i = 0; i < shares.Length; i++)
        {
            sum += shares[i];
            cumulative[i] = sum;
        }
    }
}
