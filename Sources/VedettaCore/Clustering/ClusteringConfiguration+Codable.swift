extension ClusteringConfiguration: Codable {
    private enum CodingKeys: String, CodingKey {
        case joinThreshold, crossServiceThreshold, sameServiceBonus, mergeThreshold, mergeLinkage,
             cohesionFactor, cohesionMinSize, mergeInterval, mergeCheckGrowth, secondChanceSize, revisitAfter, revisitBelow,
             revisitSettled, revisitMargin, postingsBudget, codeShareFloor, newCodeWarmUp, newCodeAge, newCodeMemory,
             centroidTerms, indexedTerms, queryTerms, postingsPerTerm, candidates, candidateRatio, retirementHorizon, ticketHorizon,
             representatives, solutions, topicDimensions, topicWindow, topicRefitInterval, topicFirstFit,
             topicLexicalWeight, topicJoinThreshold, topicMergeThreshold, topicThresholdsBeforeFit, topicMinReports,
             topicShareFull, topicRefitTolerance
    }

    /// Decodes a tuning; a key that is missing (a checkpoint written before the key existed) keeps its default,
    /// except the keys added since session 17, which take the value that reproduces the behaviour before them.
    public init(from decoder: any Decoder) throws {
        self.init()
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let v = try c.decodeIfPresent(Float.self, forKey: .joinThreshold) { joinThreshold = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .crossServiceThreshold) { crossServiceThreshold = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .sameServiceBonus) { sameServiceBonus = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .mergeThreshold) { mergeThreshold = v }
        if let v = try c.decodeIfPresent(Linkage.self, forKey: .mergeLinkage) { mergeLinkage = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .cohesionFactor) { cohesionFactor = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .cohesionMinSize) { cohesionMinSize = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .mergeInterval) { mergeInterval = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .mergeCheckGrowth) { mergeCheckGrowth = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .secondChanceSize) { secondChanceSize = v }
        if let v = try c.decodeIfPresent([Int].self, forKey: .revisitAfter) { revisitAfter = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .revisitBelow) { revisitBelow = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .revisitSettled) { revisitSettled = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .revisitMargin) { revisitMargin = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .postingsBudget) { postingsBudget = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .codeShareFloor) { codeShareFloor = v }
        if let v = try c.decodeIfPresent(Timestamp.Duration.self, forKey: .newCodeWarmUp) { newCodeWarmUp = v }
        if let v = try c.decodeIfPresent(Timestamp.Duration.self, forKey: .newCodeAge) { newCodeAge = v }
        if let v = try c.decodeIfPresent(Timestamp.Duration.self, forKey: .newCodeMemory) { newCodeMemory = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .centroidTerms) { centroidTerms = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .indexedTerms) { indexedTerms = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .queryTerms) { queryTerms = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .postingsPerTerm) { postingsPerTerm = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .candidates) { candidates = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .candidateRatio) { candidateRatio = v }
        if let v = try c.decodeIfPresent(Timestamp.Duration.self, forKey: .retirementHorizon) { retirementHorizon = v }
        if let v = try c.decodeIfPresent(Timestamp.Duration.self, forKey: .ticketHorizon) { ticketHorizon = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .representatives) { representatives = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .solutions) { solutions = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .topicDimensions) { topicDimensions = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .topicWindow) { topicWindow = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .topicRefitInterval) { topicRefitInterval = v }
        if let v = try c.decodeIfPresent(Int.self, forKey: .topicFirstFit) { topicFirstFit = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .topicLexicalWeight) { topicLexicalWeight = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .topicJoinThreshold) { topicJoinThreshold = v }
        if let v = try c.decodeIfPresent(Float.self, forKey: .topicMergeThreshold) { topicMergeThreshold = v }
        if let v = try c.decodeIfPresent(Bool.self, forKey: .topicThresholdsBeforeFit) { topicThresholdsBeforeFit = v }
        // Keys added after the tuning was first encoded: missing, they take the value that reproduces the older
        // behaviour (not today's default), so a checkpoint of an older tuning compares as that tuning.
        topicMinReports = try c.decodeIfPresent(Int.self, forKey: .topicMinReports) ?? 1
        topicShareFull = try c.decodeIfPresent(Float.self, forKey: .topicShareFull) ?? 0
        topicRefitTolerance = try c.decodeIfPresent(Float.self, forKey: .topicRefitTolerance) ?? 0
    }

    /// Encodes every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(joinThreshold, forKey: .joinThreshold)
        try c.encode(crossServiceThreshold, forKey: .crossServiceThreshold)
        try c.encode(sameServiceBonus, forKey: .sameServiceBonus)
        try c.encode(mergeThreshold, forKey: .mergeThreshold)
        try c.encode(mergeLinkage, forKey: .mergeLinkage)
        try c.encode(cohesionFactor, forKey: .cohesionFactor)
        try c.encode(cohesionMinSize, forKey: .cohesionMinSize)
        try c.encode(mergeInterval, forKey: .mergeInterval)
        try c.encode(mergeCheckGrowth, forKey: .mergeCheckGrowth)
        try c.encode(secondChanceSize, forKey: .secondChanceSize)
        try c.encode(revisitAfter, forKey: .revisitAfter)
        try c.encode(revisitBelow, forKey: .revisitBelow)
        try c.encode(revisitSettled, forKey: .revisitSettled)
        try c.encode(revisitMargin, forKey: .revisitMargin)
        try c.encode(postingsBudget, forKey: .postingsBudget)
        try c.encode(codeShareFloor, forKey: .codeShareFloor)
        try c.encode(newCodeWarmUp, forKey: .newCodeWarmUp)
        try c.encode(newCodeAge, forKey: .newCodeAge)
        try c.encode(newCodeMemory, forKey: .newCodeMemory)
        try c.encode(centroidTerms, forKey: .centroidTerms)
        try c.encode(indexedTerms, forKey: .indexedTerms)
        try c.encode(queryTerms, forKey: .queryTerms)
        try c.encode(postingsPerTerm, forKey: .postingsPerTerm)
        try c.encode(candidates, forKey: .candidates)
        try c.encode(candidateRatio, forKey: .candidateRatio)
        try c.encode(retirementHorizon, forKey: .retirementHorizon)
        try c.encode(ticketHorizon, forKey: .ticketHorizon)
        try c.encode(representatives, forKey: .representatives)
        try c.encode(solutions, forKey: .solutions)
        try c.encode(topicDimensions, forKey: .topicDimensions)
        try c.encode(topicWindow, forKey: .topicWindow)
        try c.encode(topicRefitInterval, forKey: .topicRefitInterval)
        try c.encode(topicFirstFit, forKey: .topicFirstFit)
        try c.encode(topicLexicalWeight, forKey: .topicLexicalWeight)
        try c.encode(topicJoinThreshold, forKey: .topicJoinThreshold)
        try c.encode(topicMergeThreshold, forKey: .topicMergeThreshold)
        try c.encode(topicThresholdsBeforeFit, forKey: .topicThresholdsBeforeFit)
        try c.encode(topicMinReports, forKey: .topicMinReports)
        try c.encode(topicShareFull, forKey: .topicShareFull)
        try c.encode(topicRefitTolerance, forKey: .topicRefitTolerance)
    }
}
