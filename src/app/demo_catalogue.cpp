// The demo council's catalogue: Barnet's delivery units (shared/DOMAIN.md),
// their teams and officers, wards and councillors, SLA policies, and about 60
// services with their LGSL/LGIL codes, extra questions and the text their
// cases are written in.
#include <algorithm>
#include <set>

#include "app/demo_internal.h"

namespace civicdesk::demo {

namespace {

using Options = std::vector<QuestionOption>;

Question list(const char* code, const char* prompt, bool required, int order, Options options,
              bool multi = false) {
  return Question{code, prompt, multi ? QuestionType::kMultiValueList : QuestionType::kSingleValueList,
                  required, order, std::move(options)};
}
Question plain(const char* code, const char* prompt, QuestionType type, bool required, int order) {
  return Question{code, prompt, type, required, order, {}};
}
Question anything_else(int order) {
  return plain("details", "Anything else we should know?", QuestionType::kText, false, order);
}
const Options kYesNo = {{"yes", "Yes"}, {"no", "No"}};

// Fluent construction of one service.
class Svc {
 public:
  Svc(const char* code, const char* name, const char* du, const char* team, std::optional<int> lgsl,
      std::optional<int> lgil, const char* policy) {
    s_.category.code = code;
    s_.category.name = name;
    s_.category.delivery_unit = du;
    s_.category.lgsl = lgsl;
    s_.category.lgil = lgil;
    s_.category.sla_policy = policy;
    s_.team = team;
  }
  Svc& about(const char* description, const char* keywords) {
    s_.category.description = description;
    s_.category.keywords = keywords;
    return *this;
  }
  Svc& where(Where w) {
    s_.where = w;
    s_.category.location_required = w == Where::kStreet;
    return *this;
  }
  Svc& restricted() {
    s_.category.restricted = true;
    return *this;
  }
  Svc& theme(Theme t) {
    s_.theme = t;
    return *this;
  }
  // Relative frequency among service requests, general enquiries, Members'
  // Enquiries and contacts resolved without a case.
  Svc& weights(double requests, double enquiries, double members, double contacts) {
    s_.requests = requests;
    s_.enquiries = enquiries;
    s_.members = members;
    s_.contacts = contacts;
    return *this;
  }
  Svc& anonymous(double share) {
    s_.anonymous = share;
    return *this;
  }
  Svc& q(Question question) {
    s_.category.questions.push_back(std::move(question));
    return *this;
  }
  Svc& titles(std::vector<std::string> v) { return set(s_.titles, std::move(v)); }
  Svc& says(std::vector<std::string> v) { return set(s_.descriptions, std::move(v)); }
  Svc& updates(std::vector<std::string> v) { return set(s_.updates, std::move(v)); }
  Svc& resolved(std::vector<std::string> v) { return set(s_.resolutions, std::move(v)); }
  Svc& quick(std::vector<std::string> v) { return set(s_.quick, std::move(v)); }
  operator ServiceSpec() const { return s_; }  // NOLINT: builder

 private:
  Svc& set(std::vector<std::string>& field, std::vector<std::string> v) {
    field = std::move(v);
    return *this;
  }
  ServiceSpec s_;
};

}  // namespace

std::vector<DuSpec> delivery_unit_specs() {
  return {
      {"street-scene", "Street Scene", "Waste and recycling collections, street cleansing, parks and open spaces", 0.90},
      {"re", "Re", "Highways, planning, building control and environmental health (Regional Enterprise)", 0.81},
      {"barnet-homes", "Barnet Homes", "Council housing: repairs, tenancies, estates and housing options", 0.78},
      {"parking", "Parking", "Parking permits, enforcement, penalty charge notices and Blue Badges", 0.87},
      {"adults-communities", "Adults & Communities", "Adult social care, safeguarding, prevention and wellbeing", 0.82},
      {"csg", "Customer & Support Group", "The contact centre, council tax, benefits and business rates", 0.86},
      {"family-services", "Family Services", "Children's social care, early help and libraries", 0.84},
      {"education-skills", "Education & Skills", "School admissions, special educational needs and travel assistance", 0.87},
      {"assurance", "Assurance", "Complaints, information requests, Members' Enquiries, elections and governance", 0.86},
      {"commissioning-group", "Commissioning Group", "Strategy, commissioning, consultation and public health", 0.80},
  };
}

std::vector<TeamSpec> team_specs() {
  return {
      {"waste-recycling", "street-scene", "Waste and Recycling", 5},
      {"street-cleansing", "street-scene", "Street Cleansing", 4},
      {"parks-open-spaces", "street-scene", "Parks and Open Spaces", 3},
      {"environmental-enforcement", "street-scene", "Environmental Enforcement", 3},
      {"highways", "re", "Highways", 5},
      {"planning", "re", "Planning and Building Control", 4},
      {"environmental-health", "re", "Environmental Health", 4},
      {"repairs", "barnet-homes", "Repairs", 5},
      {"tenancy-management", "barnet-homes", "Tenancy Management", 3},
      {"housing-options", "barnet-homes", "Housing Options", 3},
      {"community-safety", "barnet-homes", "Community Safety", 2},
      {"permits", "parking", "Parking Permits", 3},
      {"parking-enforcement", "parking", "Parking Enforcement", 3},
      {"pcn-appeals", "parking", "Penalty Charge Notices", 2},
      {"social-care-direct", "adults-communities", "Social Care Direct", 4},
      {"adult-safeguarding", "adults-communities", "Adult Safeguarding", 2},
      {"prevention-wellbeing", "adults-communities", "Prevention and Wellbeing", 2},
      {"customer-services", "csg", "Customer Services", 0},  // advisors are added separately
      {"council-tax", "csg", "Council Tax", 4},
      {"benefits", "csg", "Benefits", 4},
      {"business-rates", "csg", "Business Rates", 2},
      {"early-help", "family-services", "Early Help", 3},
      {"mash", "family-services", "Multi-Agency Safeguarding Hub", 2},
      {"libraries", "family-services", "Libraries", 2},
      {"admissions", "education-skills", "School Admissions", 2},
      {"sen-inclusion", "education-skills", "SEN and Inclusion", 2},
      {"travel-assistance", "education-skills", "Travel Assistance", 2},
      {"complaints-feedback", "assurance", "Complaints and Customer Feedback", 3},
      {"information-management", "assurance", "Information Management", 3},
      {"members-enquiries", "assurance", "Members' Enquiries", 2},
      {"electoral-services", "assurance", "Electoral Services", 2},
      {"strategy-engagement", "commissioning-group", "Strategy and Engagement", 2},
      {"public-health", "commissioning-group", "Public Health", 2},
  };
}

std::vector<SlaPolicy> sla_policy_specs() {
  auto wd = [](const char* code, const char* name, int respond, int resolve) {
    SlaPolicy p;
    p.code = code;
    p.name = name;
    p.respond_days = respond;
    p.resolve_days = resolve;
    return p;
  };
  std::vector<SlaPolicy> out;
  out.push_back(wd("standard", "Standard (10 working days)", 5, 10));
  out.push_back(wd("urgent", "Urgent (2 working days)", 1, 2));
  out.push_back(wd("two-day", "Two working days", 0, 2));
  out.push_back(wd("five-day", "Five working days", 2, 5));
  out.push_back(wd("twenty-day", "Twenty working days", 5, 20));
  SlaPolicy complaint = wd("complaint", "Complaint stage 1", 5, 10);
  complaint.resolve_from = ResolveFrom::kResponse;
  complaint.max_extension = 10;
  out.push_back(complaint);
  SlaPolicy stage2 = wd("complaint-stage-2", "Complaint stage 2", 5, 20);
  stage2.resolve_from = ResolveFrom::kResponse;
  stage2.max_extension = 20;
  out.push_back(stage2);
  SlaPolicy foi = wd("foi_request", "Freedom of Information request", 0, 20);
  foi.counting = CountingRule::kAfterReceipt;
  foi.holidays = HolidaySet::kAllUk;
  out.push_back(foi);
  SlaPolicy eir = foi;
  eir.code = "eir_request";
  eir.name = "Environmental Information request";
  eir.max_extension = 20;
  out.push_back(eir);
  SlaPolicy sar;
  sar.code = "subject_access_request";
  sar.name = "Subject access request (one calendar month)";
  sar.clock = ClockKind::kCalendarMonths;
  sar.resolve_days = 1;
  sar.max_extension = 2;
  out.push_back(sar);
  return out;
}

std::vector<ServiceSpec> service_specs() {
  const Options bins = {{"refuse", "Black general waste bin"},
                        {"recycling", "Blue recycling bin"},
                        {"garden", "Green garden waste bin"},
                        {"food", "Food waste caddy"}};
  std::vector<ServiceSpec> v;

  // ---- Street Scene -------------------------------------------------------------
  v.push_back(Svc("missed-bin", "Missed bin collection", "street-scene", "waste-recycling", 524, 17, "two-day")
                  .about("Report a bin that was not emptied on collection day", "bin,missed,collection,rubbish,refuse")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(14, 2, 4, 4)
                  .q(list("bin_type", "Which bin?", true, 1, bins))
                  .q(list("missed_before", "Has this bin been missed in the last month?", false, 2, kYesNo))
                  .titles({"Missed %a collection", "%a not emptied", "Missed %a collection – %s"})
                  .says({"The %a was out on the kerb by 7am but was not emptied. The rest of %s was collected.",
                         "Our %a has been missed again this week. It was out on time.",
                         "Crew skipped our %a on collection day, the bin is now overflowing.",
                         "%a not collected, the crew left the street before we could flag them down."})
                  .updates({"The crew will return to collect the bin within two working days.",
                            "We have asked the crew to return for the missed bin."})
                  .resolved({"Crew returned and emptied the bin.", "Bin emptied on the return visit.",
                             "Collected by the mop-up crew."})
                  .quick({"Collection day confirmed", "Bin was not out at collection time: explained policy",
                          "Christmas collection changes explained"}));
  v.push_back(Svc("new-bin", "New or replacement bin", "street-scene", "waste-recycling", 526, 0, "standard")
                  .about("Order a new, replacement or larger bin", "bin,new bin,replacement,container")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(6, 1, 0.5, 3)
                  .q(list("container", "Which bin do you need?", true, 1, bins))
                  .q(list("reason", "Why do you need it?", true, 2,
                          {{"lost", "Lost or stolen"}, {"damaged", "Damaged"}, {"new-property", "New property"},
                           {"larger", "Need a larger bin"}}))
                  .titles({"Replacement %a", "New %a requested"})
                  .says({"Our %a was damaged by the collection lorry and the lid has come off.",
                         "We have moved into a new build on %s and have no bins.",
                         "The %a has gone missing after collection day."})
                  .updates({"Your new bin has been ordered and will be delivered within 10 working days."})
                  .resolved({"New bin delivered.", "Replacement bin delivered and old bin removed."})
                  .quick({"Bin ordering explained", "Delivery date confirmed"}));
  v.push_back(Svc("recycling-collection", "Recycling collection", "street-scene", "waste-recycling", 1130, 8, "standard")
                  .about("Questions about recycling: what goes in which bin and collection days", "recycling,collection day,blue bin")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(3, 4, 1, 6)
                  .q(anything_else(1))
                  .titles({"Recycling collection enquiry", "Recycling not taken – contamination sticker"})
                  .says({"The crew left a contamination sticker on our recycling bin, we would like to know why.",
                         "What can go in the blue bin? The leaflet we had is out of date.",
                         "Recycling on %s has not been collected on the right day for three weeks."})
                  .resolved({"Advice on recycling given and leaflet sent.", "Collection re-arranged."})
                  .quick({"Recycling day confirmed", "What goes in the blue bin explained", "Leaflet posted"}));
  v.push_back(Svc("garden-waste", "Garden waste subscription", "street-scene", "waste-recycling", 530, 0, "standard")
                  .about("Subscribe to, renew or change the garden waste collection", "garden waste,green bin,subscription")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(3, 2, 0.3, 4)
                  .q(plain("bins", "How many garden waste bins?", QuestionType::kNumber, false, 1))
                  .titles({"Garden waste subscription", "Garden waste renewal"})
                  .says({"I paid for the garden waste service but no stickers or bin have arrived.",
                         "Please add a second green bin to our garden waste subscription."})
                  .resolved({"Subscription set up and stickers posted.", "Second bin delivered."})
                  .quick({"Subscription renewed by phone", "Payment taken for garden waste"}));
  v.push_back(Svc("bulky-waste", "Bulky waste collection", "street-scene", "waste-recycling", 528, 21, "standard")
                  .about("Book a collection of large household items", "bulky,furniture,fridge,mattress,collection")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(5, 1, 0.3, 3)
                  .q(plain("items", "How many items?", QuestionType::kNumber, true, 1))
                  .q(list("item_types", "What are they?", false, 2,
                          {{"furniture", "Furniture"}, {"mattress", "Mattress"}, {"fridge", "Fridge or freezer"},
                           {"washing-machine", "Washing machine"}, {"electricals", "Other electricals"}},
                          true))
                  .titles({"Bulky waste collection", "Bulky collection – %s"})
                  .says({"Please collect an old sofa and two armchairs from the front garden.",
                         "Booked a bulky collection for a fridge freezer and mattress; they were not collected.",
                         "Need a collection for a wardrobe and a broken washing machine."})
                  .resolved({"Items collected.", "Collection completed on the booked date."})
                  .quick({"Bulky waste booked and paid", "Prices explained"}));
  v.push_back(Svc("fly-tipping", "Fly-tipping", "street-scene", "environmental-enforcement", 587, 17, "five-day")
                  .about("Report rubbish dumped in the street, an alley or a park", "fly-tipping,dumped rubbish,fly tip")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(9, 0.5, 5, 2).anonymous(0.25)
                  .q(list("waste", "What was dumped?", true, 1,
                          {{"household-bags", "Black bags or household waste"}, {"furniture", "Furniture"},
                           {"mattress", "Mattress"}, {"white-goods", "Fridges, freezers or washing machines"},
                           {"builders", "Builders' rubble"}, {"tyres", "Tyres"}, {"garden", "Garden waste"},
                           {"electricals", "Electrical items"}, {"hazardous", "Asbestos or chemicals"},
                           {"other", "Something else"}},
                          true))
                  .q(list("size", "How much is there?", true, 2,
                          {{"single-item", "A single item"}, {"car-boot", "A car boot load"},
                           {"small-van", "A small van load"}, {"transit", "A transit van load or more"}}))
                  .q(list("seen", "Did you see who dumped it?", false, 3, kYesNo))
                  .titles({"Fly-tipping – %s", "%a dumped on %s", "Fly-tip outside shops on %s"})
                  .says({"%a dumped on the pavement on %s, blocking the way for buggies.",
                         "Someone has fly-tipped %a in the alley behind %s again.",
                         "Large fly-tip on the corner of %s: %a. It has been there since the weekend.",
                         "%a left next to the communal bins on %s."})
                  .updates({"An enforcement officer has inspected the waste and looked for evidence.",
                            "Clearance has been booked with the street cleansing crew."})
                  .resolved({"Waste cleared and evidence passed to enforcement.", "Fly-tip cleared.",
                             "Cleared; fixed penalty notice issued to the owner traced from evidence."})
                  .quick({"Advice on reporting online given"}));
  v.push_back(Svc("fly-posting", "Fly-posting", "street-scene", "environmental-enforcement", 588, 17, "standard")
                  .about("Report posters and stickers put up without permission", "fly-posting,posters,stickers")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(0.5, 0, 0.3, 0.2).anonymous(0.3)
                  .titles({"Fly-posting on %s"})
                  .says({"Posters for club nights stuck all over the lamp posts on %s.",
                         "Stickers advertising a removals firm on every telecoms box along %s."})
                  .resolved({"Posters removed.", "Removed and warning letter sent to the advertiser."}));
  v.push_back(Svc("graffiti", "Graffiti removal", "street-scene", "street-cleansing", 584, 17, "five-day")
                  .about("Report graffiti on walls, bus shelters and street furniture", "graffiti,tagging,vandalism")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(1.5, 0, 1, 0.3).anonymous(0.2)
                  .q(list("offensive", "Is it offensive?", true, 1, kYesNo))
                  .q(list("surface", "What is it on?", false, 2,
                          {{"wall", "A wall"}, {"bus-shelter", "A bus shelter"}, {"sign", "A street sign"},
                           {"utility-box", "A utility box"}, {"other", "Something else"}}))
                  .titles({"Graffiti on %s", "Offensive graffiti – %s"})
                  .says({"Graffiti tags have appeared on the wall by the bus stop on %s.",
                         "Offensive graffiti sprayed on a garden wall on %s, children walk past it to school."})
                  .resolved({"Graffiti removed by the cleansing team.", "Removed; owner's permission obtained."}));
  v.push_back(Svc("street-cleaning", "Street cleaning", "street-scene", "street-cleansing", 582, 17, "five-day")
                  .about("Report a street that needs sweeping, broken glass or spills", "street cleaning,sweeping,glass,leaves")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(3, 0.5, 4, 1).anonymous(0.15)
                  .titles({"Street needs sweeping – %s", "Broken glass on %s", "Leaves blocking pavement on %s"})
                  .says({"%s has not been swept for weeks and there is litter all along the gutters.",
                         "Broken glass on the pavement outside the shops on %s.",
                         "Wet leaves piled up on the pavement on %s, it is slippery for older residents."})
                  .resolved({"Street swept.", "Glass cleared.", "Leaves cleared and street added to the autumn schedule."}));
  v.push_back(Svc("litter-bin", "Overflowing litter bin", "street-scene", "street-cleansing", 580, 17, "two-day")
                  .about("Report a litter bin that is full or damaged", "litter,litter bin,overflowing")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(1.5, 0, 0.5, 0.5).anonymous(0.3)
                  .titles({"Overflowing litter bin on %s"})
                  .says({"The litter bin at the bus stop on %s is overflowing onto the pavement.",
                         "Litter bin on %s has not been emptied all week and foxes have been at it."})
                  .resolved({"Bin emptied.", "Bin emptied and added to the daily round."}));
  v.push_back(Svc("dog-fouling", "Dog fouling", "street-scene", "street-cleansing", 577, 17, "five-day")
                  .about("Report dog mess in a street or park", "dog fouling,dog mess")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(1, 0, 0.5, 0.3).anonymous(0.3)
                  .titles({"Dog fouling on %s"})
                  .says({"Dog mess all along the pavement on %s, outside the primary school.",
                         "Persistent dog fouling on the grass verge on %s."})
                  .resolved({"Area cleaned and signs put up.", "Cleaned; patrols increased."}));
  v.push_back(Svc("parks", "Parks and open spaces", "street-scene", "parks-open-spaces", std::nullopt, std::nullopt, "standard")
                  .about("Report a problem in a park, playground or open space", "parks,playground,open space,grass")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(1.5, 1, 1, 1).anonymous(0.1)
                  .q(list("issue", "What is the problem?", true, 1,
                          {{"play-equipment", "Broken play equipment"}, {"grass", "Grass needs cutting"},
                           {"bench", "Damaged bench"}, {"toilets", "Toilets closed or dirty"},
                           {"other", "Something else"}}))
                  .titles({"%a in the park near %s"})
                  .says({"%a in the park off %s. Could someone take a look?",
                         "Reporting %a at the playground near %s."})
                  .resolved({"Repaired by the parks team.", "Inspected and made safe; repair scheduled."}));

  // ---- Re ---------------------------------------------------------------------------
  v.push_back(Svc("pothole", "Pothole", "re", "highways", 557, 17, "five-day")
                  .about("Report a pothole in a road or cycle lane", "pothole,road,highway,hole")
                  .where(Where::kStreet).theme(Theme::kRoads).weights(6, 0.5, 6, 1).anonymous(0.1)
                  .q(list("depth", "How deep is it?", true, 1,
                          {{"under-40mm", "Less than 40mm"}, {"40-100mm", "40mm to 100mm"}, {"over-100mm", "More than 100mm"}}))
                  .q(list("position", "Where is it?", false, 2,
                          {{"road", "In the road"}, {"cycle-lane", "In a cycle lane"}, {"junction", "At a junction"}}))
                  .titles({"Pothole on %s", "Deep pothole – %s", "Pothole at junction of %s"})
                  .says({"Large pothole on %s outside number %n, cars are swerving to avoid it.",
                         "Pothole on %s has got much worse after the rain, a cyclist nearly came off.",
                         "There is a deep pothole near the junction of %s. It damaged my tyre.",
                         "Several potholes along %s, the worst is outside the bus stop."})
                  .updates({"An inspector will visit within five working days.",
                            "The pothole has been inspected; we will let you know what happens next."})
                  .resolved({"Pothole repaired.", "Temporary repair made; permanent patch in the resurfacing programme.",
                             "Inspected: below intervention level, no repair needed."})
                  .quick({"Reported pothole status given"}));
  v.push_back(Svc("pavement-defect", "Pavement defect", "re", "highways", 537, 17, "standard")
                  .about("Report a broken, uneven or raised paving slab", "pavement,footway,paving slab,trip hazard")
                  .where(Where::kStreet).theme(Theme::kRoads).weights(2.5, 0.3, 4, 0.5).anonymous(0.1)
                  .titles({"Uneven paving on %s", "Trip hazard – %s"})
                  .says({"Raised paving slab outside %n %s, my mother tripped on it last week.",
                         "The pavement on %s is broken up by tree roots and is a trip hazard."})
                  .resolved({"Paving relaid.", "Made safe with a temporary repair.", "Inspected: within tolerance."}));
  v.push_back(Svc("street-lighting", "Street lighting fault", "re", "highways", 564, 17, "five-day")
                  .about("Report a street light that is out, flickering or damaged", "street light,lamp post,lighting")
                  .where(Where::kStreet).theme(Theme::kRoads).weights(3, 0.2, 2, 0.5).anonymous(0.1)
                  .q(list("fault", "What is wrong with it?", true, 1,
                          {{"out", "Light is out"}, {"day-burning", "Light stays on during the day"},
                           {"flickering", "Light is flickering"}, {"damaged", "Column damaged or leaning"},
                           {"exposed-wires", "Exposed wires"}}))
                  .q(plain("column", "Number on the lamp column (if you can see it)", QuestionType::kString, false, 2))
                  .titles({"Street light fault – %s", "%a on %s"})
                  .says({"Street light outside %n %s: %a. The road is very dark at night.",
                         "%a: lamp column on %s near the footpath."})
                  .resolved({"Lamp repaired by the lighting contractor.", "Column made safe and replaced.",
                             "Fault passed to UK Power Networks and the supply restored."}));
  v.push_back(Svc("blocked-drain", "Blocked drain or gully", "re", "highways", 555, 17, "five-day")
                  .about("Report a blocked road drain or flooding", "drain,gully,flooding,blocked")
                  .where(Where::kStreet).theme(Theme::kWater).weights(1.5, 0.2, 1, 0.3).anonymous(0.1)
                  .titles({"Blocked gully on %s", "Flooding on %s"})
                  .says({"The drain outside %n %s is blocked and the road floods every time it rains.",
                         "Water pooling across %s, the gully is full of leaves."})
                  .resolved({"Gully cleared.", "Gully jetted; connection fault passed to Thames Water."}));
  v.push_back(Svc("gritting", "Gritting and snow", "re", "highways", 561, 17, "urgent")
                  .about("Ask for a road or pavement to be gritted, or a grit bin refilled", "grit,gritting,snow,ice")
                  .where(Where::kStreet).theme(Theme::kRoads).weights(0.4, 0.1, 1, 0.3)
                  .titles({"Grit bin empty on %s", "Icy pavement on %s"})
                  .says({"The grit bin at the top of %s is empty and the hill is icy.",
                         "%s has not been gritted and buses are struggling on the hill."})
                  .resolved({"Grit bin refilled.", "Gritted on the next run."}));
  v.push_back(Svc("street-trees", "Street trees", "re", "highways", 505, 17, "standard")
                  .about("Report a problem with a tree in the street", "tree,branch,roots,overhanging")
                  .where(Where::kStreet).theme(Theme::kEnvironment).weights(2.5, 0.5, 4, 0.5)
                  .q(list("issue", "What is the problem?", true, 1,
                          {{"overhanging", "Overhanging branches"}, {"fallen", "Fallen tree or branch"},
                           {"roots", "Roots lifting the pavement"}, {"dead", "Dead or dying tree"}}))
                  .titles({"Street tree – %s", "%a on %s"})
                  .says({"%a: the street tree outside %n %s needs attention.",
                         "Street tree on %s: %a. It is blocking light to our front room."})
                  .resolved({"Tree pruned.", "Fallen branch removed.", "Added to the tree maintenance programme.",
                             "Inspected by the arboriculturist: healthy, no work needed."}));
  v.push_back(Svc("dropped-kerb", "Dropped kerb application", "re", "highways", 477, 0, "twenty-day")
                  .about("Apply for a dropped kerb (vehicle crossover)", "dropped kerb,crossover,driveway")
                  .where(Where::kProperty).theme(Theme::kRoads).weights(1, 1, 1, 1)
                  .titles({"Dropped kerb application – %s"})
                  .says({"We would like a dropped kerb outside %n %s for off-street parking.",
                         "Application for a vehicle crossover; we have paid the survey fee."})
                  .resolved({"Survey done and quotation sent.", "Application refused: not enough depth for a car.",
                             "Crossover built."}));
  v.push_back(Svc("noise", "Noise complaint", "re", "environmental-health", 412, 13, "standard")
                  .about("Report noise from neighbours, businesses, alarms or building work", "noise,music,party,alarm,barking")
                  .where(Where::kProperty).theme(Theme::kCrime).weights(4, 0.5, 2, 1.5)
                  .q(list("source", "What is making the noise?", true, 1,
                          {{"music", "Loud music"}, {"dog", "Dog barking"}, {"alarm", "Burglar or car alarm"},
                           {"construction", "Building work"}, {"party", "Parties"}, {"commercial", "Pub, club or shop"}}))
                  .q(plain("last_occurred", "When did it last happen?", QuestionType::kDatetime, false, 2))
                  .q(list("time_of_day", "When does it happen?", false, 3,
                          {{"day", "During the day"}, {"evening", "In the evening"}, {"night", "At night (11pm to 7am)"}}))
                  .titles({"Noise – %a", "%a from a neighbour on %s"})
                  .says({"%a from a house on %s most nights until 2am. We cannot sleep.",
                         "Ongoing problem with %a on %s, it has been going on for months.",
                         "%a from the premises on %s, every weekend."})
                  .updates({"We have written to the person responsible and sent you diary sheets to record the noise.",
                            "An officer will try to witness the noise; please call the out-of-hours line when it happens."})
                  .resolved({"Warning letter sent; no further reports received.", "Noise abatement notice served.",
                             "Diary sheets not returned; case closed.", "Noise witnessed; statutory nuisance not established."}));
  v.push_back(Svc("statutory-nuisance", "Smoke, odour and other nuisance", "re", "environmental-health", 416, 17, "standard")
                  .about("Report smoke, bonfires, odours or light nuisance", "smoke,bonfire,odour,smell,nuisance")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(1, 0.3, 0.5, 0.3)
                  .titles({"Bonfire smoke – %s", "Odour nuisance – %s"})
                  .says({"Neighbour on %s burns garden waste every weekend and the smoke comes into our house.",
                         "Strong smell of cooking oil from the takeaway extraction on %s."})
                  .resolved({"Advice letter sent.", "Abatement notice served.", "Investigated: no nuisance found."}));
  v.push_back(Svc("pest-control", "Pest control", "re", "environmental-health", 431, 21, "five-day")
                  .about("Book a pest control treatment", "pest,rats,mice,wasps,bedbugs,cockroaches")
                  .where(Where::kProperty).theme(Theme::kEnvironment).weights(2, 0.5, 0.5, 1.5)
                  .q(list("pest", "What pest?", true, 1,
                          {{"rats", "Rats"}, {"mice", "Mice"}, {"wasps", "Wasps"}, {"cockroaches", "Cockroaches"},
                           {"bedbugs", "Bedbugs"}, {"fleas", "Fleas"}}))
                  .titles({"Pest control – %a", "%a at %s"})
                  .says({"We have %a in the kitchen and garden, please book a treatment.",
                         "%a nest under the eaves of %n %s."})
                  .resolved({"Treatment completed.", "Two treatments completed; follow-up visit found no activity."})
                  .quick({"Treatment booked and paid"}));
  v.push_back(Svc("food-safety", "Food hygiene concern", "re", "environmental-health", std::nullopt, std::nullopt, "standard")
                  .about("Report a food business you think is unhygienic", "food,hygiene,restaurant,takeaway")
                  .where(Where::kStreet).theme(Theme::kGeneral).weights(0.5, 0.2, 0.3, 0.2).anonymous(0.2)
                  .titles({"Food hygiene concern – %s"})
                  .says({"Saw mice in the window of a takeaway on %s.", "Bought food from a shop on %s that was out of date."})
                  .resolved({"Premises inspected and improvement notice served.", "Inspected: no breach found."}));
  v.push_back(Svc("planning-enquiry", "Planning application enquiry", "re", "planning", 487, 8, "twenty-day")
                  .about("Questions about planning applications and permission", "planning,application,extension,permission")
                  .where(Where::kProperty).theme(Theme::kGeneral).weights(0.5, 5, 3, 3)
                  .titles({"Planning enquiry – %s", "Objection to planning application on %s"})
                  .says({"Do I need planning permission for a rear extension at %n %s?",
                         "I want to object to the application for flats on %s and cannot use the portal.",
                         "When will a decision be made on our application for a loft conversion?"})
                  .resolved({"Advice given by the duty planner.", "Objection registered on the application."})
                  .quick({"Application status given", "Planning portal explained", "Pre-application advice explained"}));
  v.push_back(Svc("planning-enforcement", "Breach of planning control", "re", "planning", 487, 17, "twenty-day")
                  .about("Report building work or a change of use without permission", "planning enforcement,unauthorised,breach")
                  .where(Where::kProperty).theme(Theme::kGeneral).weights(1.5, 0.3, 4, 0.5)
                  .titles({"Possible planning breach at %s", "Unauthorised extension – %s"})
                  .says({"The house at %n %s is being converted into flats without permission.",
                         "A large outbuilding has gone up in the garden of a house on %s, is it allowed?"})
                  .resolved({"Site visited: permitted development, no breach.", "Enforcement notice served.",
                             "Retrospective application invited."}));
  v.push_back(Svc("dangerous-structure", "Dangerous structure", "re", "planning", std::nullopt, std::nullopt, "urgent")
                  .about("Report a wall, building or hoarding that may collapse", "dangerous structure,building control,wall")
                  .where(Where::kStreet).theme(Theme::kGeneral).weights(0.3, 0, 0.3, 0.1)
                  .titles({"Dangerous wall on %s"})
                  .says({"A front garden wall on %s is leaning over the pavement.",
                         "Scaffolding on %s looks unsafe after the wind."})
                  .resolved({"Building control made the structure safe.", "Owner required to make safe."}));

  // ---- Parking ----------------------------------------------------------------------
  v.push_back(Svc("parking-permit", "Parking permit", "parking", "permits", 474, 0, "standard")
                  .about("Apply for or renew a resident, visitor, business or carer permit", "parking permit,resident,visitor,CPZ")
                  .where(Where::kProperty).theme(Theme::kVehicles).weights(4, 4, 2, 6)
                  .q(list("permit_type", "What kind of permit?", true, 1,
                          {{"resident", "Resident permit"}, {"visitor", "Visitor vouchers"},
                           {"business", "Business permit"}, {"carer", "Carer permit"}}))
                  .q(plain("registration", "Vehicle registration", QuestionType::kString, false, 2))
                  .titles({"%a application", "%a renewal – %s"})
                  .says({"Applied for a %a three weeks ago and have not heard back.",
                         "Need to change the vehicle on my %a.",
                         "Can I get a %a for %s? We have just moved in."})
                  .resolved({"Permit issued.", "Permit issued after proof of address received.",
                             "Application refused: address not in the zone."})
                  .quick({"Permit renewed by phone", "Visitor vouchers ordered", "Zone hours explained"}));
  v.push_back(Svc("parking-enforcement", "Report illegal parking", "parking", "parking-enforcement", 471, 17, "two-day")
                  .about("Report a car parked on yellow lines, across a driveway or in a disabled bay", "parking,yellow lines,driveway,blocked")
                  .where(Where::kStreet).theme(Theme::kVehicles).weights(2.5, 0.3, 3, 1)
                  .titles({"Car blocking driveway on %s", "Illegal parking – %s"})
                  .says({"A van has been parked across our dropped kerb on %s since yesterday.",
                         "Cars parking on the double yellow lines at the school gates on %s every morning."})
                  .resolved({"Civil enforcement officer attended; penalty charge notice issued.",
                             "Officer attended: vehicle had gone.", "Added to the school patrol rota."}));
  v.push_back(Svc("pcn-challenge", "Challenge a penalty charge notice", "parking", "pcn-appeals", 471, 13, "twenty-day")
                  .about("Challenge a parking ticket (PCN) or ask about one", "PCN,parking ticket,penalty,appeal")
                  .theme(Theme::kVehicles).weights(2, 1.5, 1, 4)
                  .q(plain("pcn_number", "Penalty charge notice number", QuestionType::kString, true, 1))
                  .titles({"PCN challenge %a", "Challenge to penalty charge %a"})
                  .says({"I was loading at the time and the ticket should be cancelled.",
                         "My permit was displayed but the ticket was issued anyway.",
                         "The signs on %s are unclear and the bay markings have worn away."})
                  .resolved({"Challenge accepted and PCN cancelled.", "Challenge rejected; notice of rejection sent.",
                             "PCN cancelled: signage defect confirmed."})
                  .quick({"How to pay explained", "Appeal process explained"}));
  v.push_back(Svc("blue-badge", "Blue Badge", "parking", "permits", 279, 0, "twenty-day")
                  .about("Apply for, renew or replace a Blue Badge", "blue badge,disabled parking")
                  .theme(Theme::kCare).weights(1.5, 2, 0.5, 2)
                  .q(list("application", "Is this a new badge?", true, 1,
                          {{"new", "New application"}, {"renewal", "Renewal"}, {"replacement", "Lost or stolen badge"}}))
                  .titles({"Blue Badge – %a"})
                  .says({"Applying for a Blue Badge for my husband after his stroke.",
                         "My Blue Badge expires next month, how do I renew?"})
                  .resolved({"Badge issued.", "Application refused: eligibility criteria not met.", "Replacement badge posted."})
                  .quick({"Eligibility explained", "Application status given"}));
  v.push_back(Svc("abandoned-vehicle", "Abandoned vehicle", "parking", "parking-enforcement", 372, 17, "standard")
                  .about("Report a vehicle that seems to have been abandoned", "abandoned vehicle,car,untaxed")
                  .where(Where::kStreet).theme(Theme::kVehicles).weights(1.5, 0.2, 1, 0.5)
                  .q(plain("registration", "Vehicle registration", QuestionType::kString, false, 1))
                  .q(list("taxed", "Is it taxed?", false, 2, {{"yes", "Yes"}, {"no", "No"}, {"unknown", "I don't know"}}))
                  .titles({"Abandoned car on %s"})
                  .says({"A car with flat tyres has not moved from %s for two months.",
                         "Burnt-out car left on %s."})
                  .resolved({"Vehicle removed.", "Vehicle not abandoned: owner traced.", "Passed to DVLA: untaxed."}));
  v.push_back(Svc("parking-suspension", "Parking bay suspension", "parking", "permits", 471, 0, "standard")
                  .about("Suspend a parking bay for a removal, skip or building work", "suspension,bay,skip,removals")
                  .where(Where::kStreet).theme(Theme::kVehicles).weights(0.5, 0.5, 0.2, 1)
                  .titles({"Bay suspension on %s"})
                  .says({"We are moving house and need two bays on %s suspended for a removal lorry."})
                  .resolved({"Suspension signs put up.", "Suspension granted."}));

  // ---- Customer & Support Group --------------------------------------------------
  v.push_back(Svc("council-tax-account", "Council tax account enquiry", "csg", "council-tax", 58, 8, "standard")
                  .about("Questions about your council tax account, balance or payments", "council tax,balance,payment,direct debit")
                  .theme(Theme::kMoney).weights(1.5, 10, 2, 22)
                  .q(plain("account_number", "Council tax account number", QuestionType::kString, false, 1))
                  .titles({"Council tax account enquiry", "Council tax payment query"})
                  .says({"I have been charged twice this month by direct debit.",
                         "Received a reminder but I have paid every month.",
                         "Please explain why my balance has gone up."})
                  .resolved({"Account corrected and refund issued.", "Payments reconciled; explanation sent."})
                  .quick({"Balance given", "Direct debit set up", "Payment taken", "Instalments rearranged",
                          "Reminder explained"}));
  v.push_back(Svc("council-tax-moving", "Council tax: moving home", "csg", "council-tax", 58, 0, "standard")
                  .about("Tell us you are moving in, out or within Barnet", "council tax,moving,change of address")
                  .where(Where::kProperty).theme(Theme::kMoney).weights(2, 2, 0.2, 6)
                  .titles({"Council tax change of address"})
                  .says({"We moved into %n %s last month and need to set up council tax.",
                         "I am moving out of Barnet on Friday, please close my account."})
                  .resolved({"Account updated and new bill sent.", "Final bill issued."})
                  .quick({"Move recorded", "Final bill explained"}));
  v.push_back(Svc("council-tax-discount", "Council tax discount or exemption", "csg", "council-tax", 59, 0, "twenty-day")
                  .about("Apply for a discount, reduction or exemption", "council tax,discount,single person,exemption")
                  .theme(Theme::kMoney).weights(2, 2, 0.3, 4)
                  .q(list("discount", "Which discount?", true, 1,
                          {{"single-person", "Single person discount"}, {"student", "Student exemption"},
                           {"disabled", "Disabled band reduction"}, {"empty", "Empty property"},
                           {"care-leaver", "Care leaver discount"}}))
                  .titles({"Application: %a"})
                  .says({"I now live alone and would like the %a.", "Applying for the %a, evidence attached."})
                  .resolved({"Discount applied and new bill sent.", "Application refused: not eligible."})
                  .quick({"Eligibility explained", "Form sent"}));
  v.push_back(Svc("council-tax-bill", "Check your council tax bill", "csg", "council-tax", 58, 12, "standard")
                  .about("Questions about your annual bill and band", "council tax,bill,band,annual bill")
                  .theme(Theme::kMoney).weights(0.5, 5, 0.5, 8)
                  .titles({"Council tax bill query"})
                  .says({"My annual bill is much higher than last year, can you explain?",
                         "I think my property is in the wrong band."})
                  .resolved({"Bill explained in writing.", "Referred to the Valuation Office Agency for banding."})
                  .quick({"Bill explained", "Band explained; VOA details given"}));
  v.push_back(Svc("housing-benefit-claim", "Housing benefit new claim", "csg", "benefits", 69, 0, "twenty-day")
                  .about("Make a new claim for housing benefit or council tax support", "housing benefit,claim,council tax support")
                  .theme(Theme::kMoney).weights(1.5, 2, 0.5, 3)
                  .titles({"New housing benefit claim"})
                  .says({"I have lost my job and need help with my rent.",
                         "New claim for council tax support, I receive pension credit."})
                  .resolved({"Claim assessed and award letter sent.", "Claim refused: income above the limit."})
                  .quick({"Claim process explained", "Universal Credit explained"}));
  v.push_back(Svc("housing-benefit-change", "Housing benefit change of circumstances", "csg", "benefits", 70, 8, "standard")
                  .about("Tell us about a change to an existing claim", "housing benefit,change,circumstances")
                  .theme(Theme::kMoney).weights(1.5, 2, 0.3, 7)
                  .titles({"Benefit change of circumstances"})
                  .says({"My partner has moved in, please update my claim.", "My hours at work have gone up."})
                  .resolved({"Claim reassessed.", "Overpayment calculated and letter sent."})
                  .quick({"Change recorded", "Payment date confirmed"}));
  v.push_back(Svc("business-rates", "Business rates", "csg", "business-rates", 56, 8, "standard")
                  .about("Questions about business rates bills and relief", "business rates,NNDR,small business rate relief")
                  .theme(Theme::kMoney).weights(0.5, 2, 0.2, 2)
                  .titles({"Business rates enquiry"})
                  .says({"Can I get small business rate relief for the shop on %s?",
                         "We have vacated the unit and need the account closed."})
                  .resolved({"Relief applied.", "Account closed and final bill sent."})
                  .quick({"Bill explained", "Payment taken"}));
  v.push_back(Svc("general-enquiry", "General enquiry", "csg", "customer-services", std::nullopt, std::nullopt, "standard")
                  .about("Anything else you want to ask the council", "general,enquiry,question")
                  .theme(Theme::kGeneral).weights(0.5, 8, 1, 8)
                  .titles({"General enquiry"})
                  .says({"Who is responsible for the alleyway behind our house on %s?",
                         "How do I get a copy of the local plan?", "Can you tell me the opening hours of the town hall?"})
                  .resolved({"Information sent.", "Answered by email."})
                  .quick({"Information given", "Call transferred to the right line", "Opening hours given"}));

  // ---- Barnet Homes -----------------------------------------------------------------
  v.push_back(Svc("housing-repair", "Council home repair", "barnet-homes", "repairs", 141, 17, "twenty-day")
                  .about("Report a repair in a council home", "repair,council home,leak,heating,boiler")
                  .where(Where::kProperty).theme(Theme::kHousing).weights(8, 2, 5, 4)
                  .q(list("repair", "What needs repairing?", true, 1,
                          {{"plumbing", "Leak or plumbing"}, {"heating", "Heating or hot water"},
                           {"electrical", "Electrics"}, {"roof", "Roof or gutters"},
                           {"doors-windows", "Doors and windows"}, {"kitchen-bathroom", "Kitchen or bathroom"}}))
                  .q(list("urgency", "How urgent is it?", false, 2,
                          {{"emergency", "Emergency (danger or no heating)"}, {"urgent", "Urgent"}, {"routine", "Routine"}}))
                  .titles({"Repair: %a – %s", "%a repair needed"})
                  .says({"%a problem at my flat on %s. It has been like this for a week.",
                         "%a: water coming through the kitchen ceiling from the flat above.",
                         "Our %a has failed again, the engineer came last month."})
                  .updates({"An operative has been booked for a morning appointment.", "Parts have been ordered."})
                  .resolved({"Repair completed.", "Repair completed on the second visit.",
                             "Tenant responsible: recharge explained."})
                  .quick({"Appointment rebooked", "Repair status given"}));
  v.push_back(Svc("damp-mould", "Damp and mould", "barnet-homes", "repairs", 141, 17, "five-day")
                  .about("Report damp or mould in a council home", "damp,mould,condensation,black mould")
                  .where(Where::kProperty).theme(Theme::kHousing).weights(1.5, 0.3, 2, 0.5)
                  .titles({"Damp and mould – %s"})
                  .says({"Black mould in the children's bedroom and the bathroom ceiling.",
                         "Damp coming through the wall of our flat on %s, the wallpaper is peeling."})
                  .updates({"A surveyor will inspect within five working days."})
                  .resolved({"Mould treated and extractor fan fitted.", "Surveyed: works ordered for the damp-proof course."}));
  v.push_back(Svc("homelessness", "Homelessness and housing advice", "barnet-homes", "housing-options", 112, 0, "urgent")
                  .about("Get help if you are homeless or could lose your home", "homeless,eviction,housing advice")
                  .theme(Theme::kHousing).weights(1.5, 2, 3, 2)
                  .q(list("risk", "When could you lose your home?", true, 1,
                          {{"tonight", "I am homeless tonight"}, {"within-56-days", "Within 56 days"}, {"later", "Later"}}))
                  .titles({"Housing advice – %a", "Homelessness: %a"})
                  .says({"My landlord has served a section 21 notice.", "I have been asked to leave by family and have nowhere to stay.",
                         "Fleeing domestic abuse, need somewhere safe."})
                  .resolved({"Prevention duty accepted; personal housing plan agreed.", "Temporary accommodation provided.",
                             "Advice given; tenancy sustained."}));
  v.push_back(Svc("tenancy", "Tenancy enquiry", "barnet-homes", "tenancy-management", std::nullopt, std::nullopt, "standard")
                  .about("Questions about a council tenancy, rent or transfers", "tenancy,rent,transfer,lease")
                  .where(Where::kProperty).theme(Theme::kHousing).weights(0.8, 4, 1, 5)
                  .titles({"Tenancy enquiry – %s"})
                  .says({"I would like to apply for a transfer to a bigger flat.", "Question about my rent statement."})
                  .resolved({"Advice given by the housing officer.", "Added to the transfer list."})
                  .quick({"Rent balance given", "Transfer process explained"}));
  v.push_back(Svc("anti-social-behaviour", "Anti-social behaviour", "barnet-homes", "community-safety", 1485, 17, "five-day")
                  .about("Report anti-social behaviour on an estate or in the street", "anti-social behaviour,ASB,drugs,youths")
                  .where(Where::kStreet).theme(Theme::kCrime).weights(1.5, 0.3, 3, 1)
                  .q(list("behaviour", "What is happening?", true, 1,
                          {{"drugs", "Drug dealing or use"}, {"groups", "Groups causing nuisance"},
                           {"neighbour", "Neighbour behaviour"}, {"vandalism", "Vandalism"}, {"intimidation", "Intimidation"}}))
                  .titles({"Anti-social behaviour – %s"})
                  .says({"%a in the stairwell of the block on %s every evening.",
                         "Ongoing %a on %s, residents feel unsafe."})
                  .resolved({"Acceptable behaviour contract signed.", "Joint patrols with the police arranged.",
                             "Warning letters sent; situation improved."}));

  // ---- Adults & Communities -------------------------------------------------------
  v.push_back(Svc("adult-social-care", "Adult social care assessment", "adults-communities", "social-care-direct", std::nullopt, std::nullopt, "twenty-day")
                  .about("Ask for a care and support assessment", "social care,assessment,care,support")
                  .restricted().theme(Theme::kCare).weights(0.7, 2, 1, 2)
                  .titles({"Request for a care needs assessment"})
                  .says({"My father is struggling to manage at home after a fall.",
                         "Asking for an assessment for my mother who has dementia."})
                  .resolved({"Assessment completed and support plan agreed.", "Signposted to community services."}));
  v.push_back(Svc("adult-safeguarding", "Concern about an adult", "adults-communities", "adult-safeguarding", std::nullopt, std::nullopt, "urgent")
                  .about("Report a concern that an adult is being abused or neglected", "safeguarding,abuse,neglect,adult")
                  .restricted().theme(Theme::kCare).weights(0.3, 0, 0.3, 0.2)
                  .titles({"Safeguarding concern"})
                  .says({"Worried about an elderly neighbour who seems to have no food or heating.",
                         "Concerned a vulnerable relative is being financially exploited."})
                  .resolved({"Safeguarding enquiry completed.", "No safeguarding concern; referred for support."}));
  v.push_back(Svc("equipment-adaptations", "Equipment and home adaptations", "adults-communities", "prevention-wellbeing", std::nullopt, std::nullopt, "twenty-day")
                  .about("Ask for grab rails, a stairlift or other adaptations", "adaptations,equipment,grab rails,stairlift")
                  .where(Where::kProperty).theme(Theme::kCare).weights(0.6, 1, 0.3, 1)
                  .titles({"Home adaptations – %s"})
                  .says({"Need grab rails in the bathroom for my husband.", "Can we get a ramp at the front door?"})
                  .resolved({"Occupational therapist visited and equipment delivered.", "Adaptation installed."}));

  // ---- Family Services --------------------------------------------------------------
  v.push_back(Svc("childrens-social-care", "Concern about a child", "family-services", "mash", std::nullopt, std::nullopt, "urgent")
                  .about("Report a concern about a child's safety", "child,safeguarding,concern,MASH")
                  .restricted().theme(Theme::kCare).weights(0.5, 0, 0.2, 0.3)
                  .titles({"Concern about a child"})
                  .says({"Worried about the children next door who are often left alone.",
                         "A child at the park told me something worrying."})
                  .resolved({"Referral assessed by the MASH.", "Passed to early help for support."}));
  v.push_back(Svc("early-help", "Early help for families", "family-services", "early-help", std::nullopt, std::nullopt, "twenty-day")
                  .about("Support for families with children", "early help,family support,children's centre")
                  .theme(Theme::kCare).weights(0.3, 1, 0.3, 1)
                  .titles({"Family support request"})
                  .says({"Looking for parenting support and help with my son's behaviour."})
                  .resolved({"Early help assessment completed.", "Referred to a children's centre programme."}));
  v.push_back(Svc("libraries", "Library enquiry", "family-services", "libraries", std::nullopt, std::nullopt, "standard")
                  .about("Library membership, loans, fines and opening hours", "library,books,membership")
                  .theme(Theme::kGeneral).weights(0.2, 2, 0.5, 2)
                  .titles({"Library enquiry"})
                  .says({"Why has the library on %s changed its opening hours?", "I was charged for a book I returned."})
                  .resolved({"Charge waived.", "Explained the staffed and self-service hours."})
                  .quick({"Opening hours given", "Membership renewed"}));

  // ---- Education & Skills ------------------------------------------------------------
  v.push_back(Svc("school-admissions", "School admissions", "education-skills", "admissions", std::nullopt, std::nullopt, "standard")
                  .about("Apply for a school place or ask about an application", "school,admissions,place,appeal")
                  .theme(Theme::kGeneral).weights(0.5, 3, 1, 2)
                  .q(list("phase", "Which kind of place?", true, 1,
                          {{"reception", "Reception"}, {"junior", "Junior (year 3)"}, {"secondary", "Secondary (year 7)"},
                           {"in-year", "In-year transfer"}}))
                  .titles({"School admissions – %a"})
                  .says({"We have not been offered any of our preferred schools.", "Moving to Barnet and need a %a place."})
                  .resolved({"Place offered.", "Added to the waiting list; appeal rights explained."})
                  .quick({"Deadlines explained", "Application status given"}));
  v.push_back(Svc("sen-support", "Special educational needs", "education-skills", "sen-inclusion", std::nullopt, std::nullopt, "twenty-day")
                  .about("Education, health and care plans and SEN support", "SEN,EHCP,special educational needs")
                  .restricted().theme(Theme::kCare).weights(0.4, 1, 1, 0.5)
                  .titles({"EHC needs assessment request"})
                  .says({"Requesting an education, health and care needs assessment for our daughter."})
                  .resolved({"Assessment agreed.", "Assessment refused; mediation details sent."}));
  v.push_back(Svc("school-transport", "Home to school travel assistance", "education-skills", "travel-assistance", std::nullopt, std::nullopt, "twenty-day")
                  .about("Travel assistance for children with SEN", "school transport,travel assistance,bus")
                  .theme(Theme::kGeneral).weights(0.4, 0.5, 0.5, 0.5)
                  .titles({"Travel assistance application"})
                  .says({"The school bus did not turn up for the third day this week.", "Applying for travel assistance."})
                  .resolved({"Route reviewed with the operator.", "Travel assistance agreed."}));

  // ---- Assurance ------------------------------------------------------------------------
  v.push_back(Svc("complaint", "Complaint", "assurance", "complaints-feedback", 353, 13, "complaint")
                  .about("Complain about a council service (two stages)", "complaint,unhappy,dissatisfied")
                  .theme(Theme::kGeneral).weights(0, 0, 0, 1)
                  .q(list("stage", "Which stage?", true, 1, {{"1", "Stage 1"}, {"2", "Stage 2 (review)"}}))
                  .titles({"Complaint about %d"})
                  .says({"I have reported this three times and nothing has been done.",
                         "Your officer was rude to me on the phone and I want an apology.",
                         "I was promised a call back that never came.",
                         "The service I received was not good enough and it has cost me money."})
                  .quick({"Complaints process explained"}));
  v.push_back(Svc("compliment", "Compliment or comment", "assurance", "complaints-feedback", 353, 8, "standard")
                  .about("Tell us what went well, or make a comment", "compliment,thank you,comment,feedback")
                  .theme(Theme::kGeneral)
                  .titles({"Compliment for %d"})
                  .says({"Thank you to the crew who went out of their way to help my elderly mother.",
                         "The officer who dealt with my case was patient and helpful.",
                         "Just wanted to say how quickly this was sorted out. Thank you."}));
  v.push_back(Svc("foi", "Freedom of Information request", "assurance", "information-management", 722, 0, "foi_request")
                  .about("Ask for information the council holds", "FOI,freedom of information,information request")
                  .theme(Theme::kGeneral)
                  .titles({"FOI: spending on %f", "FOI: %f", "FOI request – %f"})
                  .says({"Please provide the number of %f in each of the last three financial years.",
                         "Under the Freedom of Information Act, please send me details of %f."})
                  .resolved({"Information provided in full.", "Information partly withheld (section 40, personal data).",
                             "Information not held.", "Refused: cost limit exceeded (section 12)."}));
  v.push_back(Svc("eir", "Environmental Information request", "assurance", "information-management", 879, 0, "eir_request")
                  .about("Ask for environmental information (EIR)", "EIR,environmental information")
                  .theme(Theme::kEnvironment)
                  .titles({"EIR: %f"})
                  .says({"Under the Environmental Information Regulations, please provide %f."})
                  .resolved({"Information provided.", "Exception applied (regulation 12(4)(b), manifestly unreasonable)."}));
  v.push_back(Svc("subject-access", "Subject access request", "assurance", "information-management", 826, 0, "subject_access_request")
                  .about("Ask for a copy of the personal data we hold about you", "subject access,SAR,data protection,GDPR")
                  .theme(Theme::kGeneral)
                  .q(list("identity", "Identity checked?", false, 1, kYesNo))
                  .titles({"Subject access request"})
                  .says({"Please send me copies of all records you hold about me, including emails.",
                         "I would like my social care records under data protection law."})
                  .resolved({"Records disclosed.", "Records disclosed with third-party information redacted."}));
  v.push_back(Svc("electoral-register", "Electoral register", "assurance", "electoral-services", 364, 0, "standard")
                  .about("Register to vote, postal votes and the open register", "electoral register,vote,postal vote")
                  .theme(Theme::kGeneral).weights(0.5, 2, 0.3, 3)
                  .q(list("request", "What do you need?", true, 1,
                          {{"register", "Register to vote"}, {"postal-vote", "Postal vote"}, {"open-register", "Opt out of the open register"}}))
                  .titles({"Electoral register – %a"})
                  .says({"Need a %a before the election.", "Our household enquiry form lists someone who has moved out."})
                  .resolved({"Register updated.", "Postal vote application processed."})
                  .quick({"Registration confirmed", "Polling station given"}));
  v.push_back(Svc("councillor-surgery", "Councillor surgery appointment", "assurance", "members-enquiries", 357, 21, "standard")
                  .about("Book to see your ward councillor", "councillor,surgery,appointment")
                  .theme(Theme::kGeneral).weights(0.1, 0.5, 0, 1)
                  .titles({"Councillor surgery booking"})
                  .says({"I would like to see my ward councillors about parking on %s."})
                  .resolved({"Appointment booked."})
                  .quick({"Surgery dates given"}));

  // ---- Commissioning Group ----------------------------------------------------------
  v.push_back(Svc("consultation", "Consultations and engagement", "commissioning-group", "strategy-engagement", std::nullopt, std::nullopt, "standard")
                  .about("Questions about council consultations", "consultation,engagement,survey")
                  .theme(Theme::kGeneral).weights(0.2, 1, 1, 0.5)
                  .titles({"Consultation enquiry"})
                  .says({"When will the results of the consultation on %s be published?", "Can I get a paper copy of the survey?"})
                  .resolved({"Response sent.", "Paper copy posted."}));
  v.push_back(Svc("public-health", "Public health enquiry", "commissioning-group", "public-health", std::nullopt, std::nullopt, "standard")
                  .about("Health improvement services: stop smoking, health checks", "public health,health check,stop smoking")
                  .theme(Theme::kCare).weights(0.2, 1, 0.3, 1)
                  .titles({"Public health enquiry"})
                  .says({"How do I get an NHS health check?", "Looking for a stop smoking service near %s."})
                  .resolved({"Referred to the service.", "Information sent."})
                  .quick({"Service details given"}));
  return v;
}

// ---- writing it ------------------------------------------------------------------------

namespace {

// Lower-case ASCII letters of a name, for email local parts: "O'Brien" -> "obrien".
std::string email_part(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch >= 'A' && ch <= 'Z') out.push_back(static_cast<char>(ch - 'A' + 'a'));
    else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) out.push_back(ch);
  }
  return out;
}

std::string unique_email(std::set<std::string>& used, const std::string& local, const std::string& domain) {
  std::string email = local + "@" + domain;
  for (int n = 2; !used.insert(email).second; ++n) email = local + std::to_string(n) + "@" + domain;
  return email;
}

}  // namespace

Result<CatalogueResult> write_catalogue(Services& s, const RequestContext& ctx, const DemoOptions& opt, Rng& rng) {
  CatalogueResult out;
  auto& cat = s.catalogue;
  for (const DuSpec& du : delivery_unit_specs()) {
    RETURN_IF_ERROR(cat.put_delivery_unit(ctx, DeliveryUnit{du.code, du.name, du.description, true}));
    ++out.delivery_units;
  }
  const auto teams = team_specs();
  for (const TeamSpec& t : teams) {
    RETURN_IF_ERROR(cat.put_team(ctx, Team{t.code, t.delivery_unit, t.name}));
    ++out.teams;
  }
  for (const SlaPolicy& p : sla_policy_specs()) {
    RETURN_IF_ERROR(cat.put_sla_policy(ctx, p));
    ++out.policies;
  }
  for (int w = 0; w < opt.wards; ++w) {
    RETURN_IF_ERROR(cat.put_ward(ctx, Ward{std::string(kWards[w].code), std::string(kWards[w].name)}));
    ++out.wards;
  }

  // Officers: a head of service per delivery unit, a lead and officers per
  // team, the contact centre's advisors, and a system administrator.
  const std::string domain = "barnet.gov.uk";
  std::set<std::string> emails;
  auto officer = [&](const std::string& du, const std::string& team, OfficerRole role) -> Result<Id> {
    const PersonName n = random_name(rng);
    Officer o;
    o.name = n.given + " " + n.family;
    o.email = unique_email(emails, email_part(n.given) + "." + email_part(n.family), domain);
    o.delivery_unit = du;
    o.team = team;
    o.role = role;
    ASSIGN_OR_RETURN(Id id, cat.put_officer(ctx, o));
    ++out.staff.count;
    return id;
  };
  for (const DuSpec& du : delivery_unit_specs()) {
    const auto first = std::find_if(teams.begin(), teams.end(), [&](const TeamSpec& t) { return t.delivery_unit == du.code; });
    ASSIGN_OR_RETURN(out.staff.manager[du.code], officer(du.code, first->code, OfficerRole::kManager));
  }
  for (const TeamSpec& t : teams) {
    ASSIGN_OR_RETURN(Id lead, officer(t.delivery_unit, t.code, OfficerRole::kLead));
    out.staff.lead[t.code] = lead;
    out.staff.by_team[t.code].push_back(lead);
    for (int i = 0; i < t.officers; ++i) {
      ASSIGN_OR_RETURN(Id id, officer(t.delivery_unit, t.code, OfficerRole::kOfficer));
      out.staff.by_team[t.code].push_back(id);
    }
  }
  for (int i = 0; i < 22; ++i) {
    ASSIGN_OR_RETURN(Id id, officer("csg", "customer-services", OfficerRole::kAdvisor));
    out.staff.advisors.push_back(id);
    out.staff.by_team["customer-services"].push_back(id);
  }
  RETURN_IF_ERROR(officer("assurance", "members-enquiries", OfficerRole::kAdministrator));
  out.staff.members_enquiries_officer = out.staff.lead.at("members-enquiries");

  // Councillors: three per ward by default, their parties from the ward's seats.
  out.councillors.by_ward.assign(opt.wards, {});
  for (int k = 0; k < opt.members; ++k) {
    const int w = k % opt.wards;
    const int seat = (k / opt.wards) % 3;
    const PersonName n = random_name(rng);
    Member m;
    m.name = "Cllr " + n.given + " " + n.family;
    m.ward = std::string(kWards[w].code);
    m.party = std::string(kParties[kWards[w].seats[seat]]);
    m.email = unique_email(emails, "cllr." + email_part(n.given) + "." + email_part(n.family), domain);
    ASSIGN_OR_RETURN(m.id, cat.put_member(ctx, m));
    out.councillors.by_ward[w].push_back(static_cast<int>(out.councillors.members.size()));
    out.councillors.members.push_back(std::move(m));
  }
  // Services last, so that the snapshot the history is generated from is
  // loaded after every other catalogue write.
  for (const ServiceSpec& svc : service_specs()) {
    RETURN_IF_ERROR(cat.put_category(ctx, svc.category));
    ++out.services;
  }
  return out;
}

}  // namespace civicdesk::demo
