// Example parameters for main.bicep. No secret lives here: each secure parameter is read from an environment
// variable when az deployment group create compiles this file (docs/deploy.md, step 4).
using './main.bicep'

param namePrefix = 'salesops'

// The outputs of registry.bicep and the tag pushed in step 3.
param containerRegistryName = 'salesopsexample'
param containerImage = 'salesopsexample.azurecr.io/salesopsbot:1.0.0'

// UserAssignedMSI: the managed identity made by the template is the bot; no client secret exists.
param botAppType = 'UserAssignedMSI'

// For SingleTenant instead: the app registration's client id, and its secret from the environment.
param botAppId = ''
param botAppPassword = readEnvironmentVariable('SALESOPS_BOT_APP_PASSWORD', '')

param minReplicas = 2
param maxReplicas = 4

param stateDbAdminPassword = readEnvironmentVariable('SALESOPS_STATE_DB_PASSWORD')
param warehouseConnectionString = readEnvironmentVariable('SALESOPS_WAREHOUSE_CONNECTION_STRING', '')

param fiscalYearStartMonth = 1

param llmProvider = 'none'
param llmApiKey = readEnvironmentVariable('SALESOPS_LLM_API_KEY', '')
