#include "server/event_hub.hpp"

namespace truceline::server {

EventSubscription::~EventSubscription() {
  hub_.Unsubscribe(this);
}

void EventSubscription::SetNotify(std::function<void()> notify) {
  std::lock_guard lock(mutex_);
  notify_ = std::move(notify);
}

std::vector<ServerEvent> EventSubscription::Drain() {
  std::lock_guard lock(mutex_);
  std::vector<ServerEvent> events;
  if (lagged_) {
    events.push_back(
        ServerEvent{0, "lagged", R"({"message":"events were dropped; query again to catch up"})"});
    lagged_ = false;
  }
  events.insert(events.end(), std::make_move_iterator(queue_.begin()),
                std::make_move_iterator(queue_.end()));
  queue_.clear();
  return events;
}

bool EventSubscription::Wants(const std::string& type) const {
  return types_.empty() || types_.contains(type);
}

void EventSubscription::Push(const ServerEvent& event) {
  std::function<void()> notify;
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
      queue_.pop_front();
      lagged_ = true;
    }
    queue_.push_back(event);
    notify = notify_;
  }
  if (notify) notify();
}

std::shared_ptr<EventSubscription> EventHub::Subscribe(std::set<std::string> types) {
  std::shared_ptr<EventSubscription> subscription(
      new EventSubscription(*this, std::move(types), queue_capacity_));
  std::lock_guard lock(mutex_);
  subscribers_.insert(subscription.get());
  return subscription;
}

void EventHub::Publish(std::string type, std::string data) {
  std::lock_guard lock(mutex_);
  ServerEvent event{next_id_++, std::move(type), std::move(data)};
  for (EventSubscription* subscriber : subscribers_) {
    if (subscriber->Wants(event.type)) subscriber->Push(event);
  }
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

void EventHub::Unsubscribe(EventSubscription* subscription) {
  std::lock_guard lock(mutex_);
  subscribers_.erase(subscription);
}

}  // namespace truceline::server
